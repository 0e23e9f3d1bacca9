import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as p,b as r,c as s}from"./chunk-UMMBP23D.js";import"./chunk-DTOVLIKL.js";import"./chunk-7MV26LIE.js";import"./chunk-4RYSWJKI.js";import"./chunk-RGFNXV7F.js";import"./chunk-PKTF4W3Y.js";import{existsSync as i}from"node:fs";import{join as l}from"node:path";var g={spec:s,async run(t,o){let m=r(t.values,t.positionals,o.cwd,i(l(o.cwd,"dvc.yaml"))),c=await p(m,{logger:o.logger});for(let n of c.outputs)o.stdout(`${m.markdown?n.markdown:n.path}
`)}};export{g as plot};

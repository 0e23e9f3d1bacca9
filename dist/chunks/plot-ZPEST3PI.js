import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as p,b as s,c as r}from"./chunk-XS65BRBM.js";import"./chunk-PVVCAQKJ.js";import"./chunk-HMOUNYBO.js";import"./chunk-PKTF4W3Y.js";import{existsSync as l}from"node:fs";import{join as e}from"node:path";var d={spec:p,async run(t,o){let n=s(t.values,t.positionals,o.cwd,l(e(o.cwd,"dvc.yaml"))),c=await r(n,{logger:o.logger});for(let m of c.outputs)o.stdout(`${n.markdown?m.markdown:m.path}
`)}};export{d as plot};

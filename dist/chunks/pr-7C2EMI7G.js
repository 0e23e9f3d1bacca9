import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as n,b as p,c as m}from"./chunk-BOS7GN6N.js";import"./chunk-JS5HTMIN.js";import"./chunk-MJ7AR6R6.js";import"./chunk-T5CSANP4.js";import"./chunk-DTOVLIKL.js";import"./chunk-AXU2RGAG.js";import"./chunk-3VHOICNN.js";import"./chunk-4RYSWJKI.js";import"./chunk-6P4XNWYK.js";import"./chunk-RGFNXV7F.js";import"./chunk-PKTF4W3Y.js";var c={spec:m,async run(o,t){let e=p(o.values,o.positionals,t.env,t.cwd),{pull:r}=await n(e,{logger:t.logger});r&&t.stdout(e.md?`[${r.title.replace(/[[\]]/g,"\\$&")}](${r.url})
`:`${r.url}
`)}};export{c as prCreate};

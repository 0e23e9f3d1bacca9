import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as p,b as m}from"./chunk-S4BQQKBZ.js";import"./chunk-IW7TNQSV.js";import{a as n}from"./chunk-AYGLX35Z.js";import"./chunk-KVAUXKBH.js";import"./chunk-BYG23D57.js";import"./chunk-I5YJIJJM.js";import"./chunk-RKHKY26B.js";import"./chunk-G2UDZGF3.js";import"./chunk-XR3WZHFU.js";import"./chunk-DT32XJ63.js";import"./chunk-4RYSWJKI.js";import"./chunk-6P4XNWYK.js";import"./chunk-RGFNXV7F.js";import"./chunk-PKTF4W3Y.js";var c={spec:n,async run(o,t){let e=m(o.values,o.positionals,t.env,t.cwd),{pull:r}=await p(e,{logger:t.logger});r&&t.stdout(e.md?`[${r.title.replace(/[[\]]/g,"\\$&")}](${r.url})
`:`${r.url}
`)}};export{c as prCreate};

import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{f as o,g as r,j as u,k as p,l as c,m as l}from"./chunk-DSLWSDYF.js";import"./chunk-JKGHEJEW.js";import"./chunk-6P4XNWYK.js";import"./chunk-PVVCAQKJ.js";import"./chunk-HMOUNYBO.js";import"./chunk-PKTF4W3Y.js";var d={spec:o,async run(t,e){let s=u(t.values,t.positionals,e.env,e.cwd),n=await p(s,e.logger);e.stdout(`${s.markdown?n.markdown:n.url}
`)}},a={spec:r,async run(t,e){let s=c(t.values,e.env),n=await l(s,e.logger);if(t.values.json)e.stdout(`${JSON.stringify({kept:n.kept,removed:n.removed,referenced:n.referenced})}
`);else for(let m of n.removed)e.stdout(`${s.dryRun?"would remove":"removed"} ${m}
`)}};export{a as assetPrune,d as assetPublish};

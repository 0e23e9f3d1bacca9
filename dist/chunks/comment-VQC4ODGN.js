import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as i,b as l,c as p}from"./chunk-6OELKY4E.js";import"./chunk-UKHJSUU7.js";import"./chunk-K27TTKUX.js";import"./chunk-BLPS74GY.js";import"./chunk-XVCZCYTG.js";function u(o){return{spec:i(o),async run(e,t){let m=l(o,e.values,e.positionals,t.env,t.cwd),C=!!e.values.json,s=n=>{if(C){let{url:r,id:c,target:d,updated:a}=n;t.stdout(JSON.stringify(n.dryRun?{url:r,id:c,target:d,updated:a,dryRun:!0,body:n.body}:{url:r,id:c,target:d,updated:a})+`
`)}else n.dryRun?t.stdout(n.body??""):t.stdout(`${n.url}
`)},y=await p(m,{logger:t.logger,signal:t.signal,onPosted:s});m.watch||s(y)}}}var b=u("create"),v=u("update");export{b as commentCreate,v as commentUpdate};

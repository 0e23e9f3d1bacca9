import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{b as o,c as a,d as r,f as u,g as l,h as c,i,j as p,k as g,m}from"./chunk-WCVUEFMX.js";import"./chunk-TYLKEYWG.js";import"./chunk-3VHOICNN.js";import"./chunk-4RYSWJKI.js";import"./chunk-6P4XNWYK.js";import"./chunk-RGFNXV7F.js";import"./chunk-PKTF4W3Y.js";var S={spec:o,async run(e,n){let t=u(e.values,n.env),s=await i(t,{logger:n.logger,signal:n.signal});n.stdout(e.values.json?JSON.stringify(m(s))+`
`:`${s.runnerName}
`)}},C={spec:a,async run(e,n){let t=await p(l(e.values,n.env),{logger:n.logger,signal:n.signal});e.values.json&&n.stdout(JSON.stringify({name:t.runnerName,terminated:t.terminated,deregistered:t.deregistered,interrupted:t.interrupted})+`
`)}},f={spec:r,async run(e,n){let t=await g(c(e.values,n.env),{logger:n.logger,signal:n.signal});e.values.json&&n.stdout(JSON.stringify(t)+`
`)}};export{f as runnerCleanup,S as runnerLaunch,C as runnerStop};

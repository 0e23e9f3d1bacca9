import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
function o(n,t,e=`${t}s`){return`${n.toLocaleString("en-US")} ${n===1?t:e}`}function i(n,t,e,r=`${e}s`){return`${n.toLocaleString("en-US")} of ${o(t,e,r)}`}export{o as a,i as b};

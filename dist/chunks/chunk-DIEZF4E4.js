import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{basename as r,dirname as e,extname as n,join as i}from"node:path";function m(t){return i(e(t),`${r(t,n(t))}-plots`)}export{m as a};

import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
var E="KEY:-DELTA (fail if KEY drops by more than DELTA), KEY:+DELTA (rises by more), KEY:-N% (relative), KEY<VALUE (also <=, >, >=, ==, !=); KEY may be path#key and use * wildcards";export{E as a};

import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a}from"./chunk-QGELXQPG.js";import"./chunk-PKTF4W3Y.js";export default a();

import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a}from"./chunk-TTW7BBGO.js";import"./chunk-QGELXQPG.js";import"./chunk-RGFNXV7F.js";import"./chunk-PKTF4W3Y.js";export{a as readDvcPlots};

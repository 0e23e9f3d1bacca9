import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-RZTJZNPH.js";import"./chunk-CYR6L6H7.js";import"./chunk-2MESSKMF.js";import"./chunk-RGFNXV7F.js";import"./chunk-PKTF4W3Y.js";export{a as chooseMode,b as decodeImages,c as thumbnailPng};

#!/usr/bin/env node
import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as i}from"../chunks/chunk-5HJMRQA3.js";import"../chunks/chunk-TQDMOEJO.js";import"../chunks/chunk-4RYSWJKI.js";import"../chunks/chunk-6P4XNWYK.js";import"../chunks/chunk-RGFNXV7F.js";import"../chunks/chunk-PKTF4W3Y.js";await i([]);

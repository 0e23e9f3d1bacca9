#!/usr/bin/env node
import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as i}from"../chunks/chunk-6BN3LOQ3.js";import"../chunks/chunk-6P4XNWYK.js";import"../chunks/chunk-L5C7INF6.js";import"../chunks/chunk-PVVCAQKJ.js";import"../chunks/chunk-HMOUNYBO.js";import"../chunks/chunk-PKTF4W3Y.js";await i(["asset","publish"]);

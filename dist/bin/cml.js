#!/usr/bin/env node
import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as i}from"../chunks/chunk-BDZHGCH6.js";import"../chunks/chunk-H62FPB4T.js";import"../chunks/chunk-P33DCMO5.js";import"../chunks/chunk-PVVCAQKJ.js";import"../chunks/chunk-6P4XNWYK.js";import"../chunks/chunk-BLPS74GY.js";import"../chunks/chunk-XVCZCYTG.js";await i([]);

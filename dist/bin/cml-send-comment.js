#!/usr/bin/env node
import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as e}from"../chunks/chunk-TVFDMFFF.js";import"../chunks/chunk-H62FPB4T.js";import"../chunks/chunk-ZC4P5HDJ.js";import"../chunks/chunk-PVVCAQKJ.js";import"../chunks/chunk-6P4XNWYK.js";import"../chunks/chunk-BLPS74GY.js";import"../chunks/chunk-XVCZCYTG.js";await e(["comment","create"]);

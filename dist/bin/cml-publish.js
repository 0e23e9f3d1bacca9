#!/usr/bin/env node
import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a as i}from"../chunks/chunk-3OAURKSB.js";import"../chunks/chunk-GSALIFAC.js";import"../chunks/chunk-K27TTKUX.js";import"../chunks/chunk-BLPS74GY.js";import"../chunks/chunk-XVCZCYTG.js";await i(["asset","publish"]);

#!/usr/bin/env node
// The entry under its earlier name, for scripts that run `node bin/tugboat.js`: it runs bin/tugboat.cjs,
// the entry package.json names (CommonJS: an ES module entry like this one costs Node ~15 ms more).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./tugboat.cjs');

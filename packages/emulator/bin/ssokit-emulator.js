#!/usr/bin/env node
// The installed `ssokit-emulator` command. It lives outside dist/ so that it exists before the
// first build: pnpm links the bins of workspace packages at install time and warns once per
// dependent package when a target is missing. The program itself is dist/bin.js (src/bin.ts).
import '../dist/bin.js';

#!/usr/bin/env node
// Type-checks the documentation's code so it cannot drift from the API:
// 1. every ```ts block of the guides (and home.md) becomes a module under test-output/code-blocks/
//    and is compiled with tsc against the workspace packages (their TypeScript source, through the
//    `@ssokit/source` condition). A block meant to be partial is fenced ```ts ignore. A block whose
//    first line is a path comment (`// src/my-tool.ts`) is written at that path, in a directory of
//    its guide, so another block of the guide can import it (`import … from '../src/my-tool.js'`).
// 2. the import declarations of the ```ts blocks of every package README are compiled too, so a
//    README cannot import a name its package no longer exports (the rest of those blocks are
//    fragments that lean on context, which is why only their imports are checked).
// 3. every TSDoc `@example` ```ts block in the published packages' src/ (see tsdoc-examples.mjs for
//    the context an example may assume); an example that only declares a variable is refused.
// Errors name the source file and line: `packages/x/src/y.ts:42:7` or `guides/z.md:10 +3`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { writeTsdocExamples } from './tsdoc-examples.mjs';

const docs = resolve(import.meta.dirname, '..');
const root = resolve(docs, '../..');
const out = join(docs, 'test-output', 'code-blocks');

/** The fenced blocks of a markdown file: language, the words after it, the code and its line. */
function extractBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, rest] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (
        lines[j].trim().startsWith(fence[0].repeat(fence.length)) &&
        lines[j].trim().replace(/[`~]/g, '') === ''
      )
        break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    blocks.push({ lang, flags: rest.split(/\s+/).filter(Boolean), code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.md') ? [p] : [];
  });

const isTs = (b) => ['ts', 'typescript', 'tsx'].includes(b.lang);
const slug = (file) => relative(root, file).replace(/[^\w]+/g, '_');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = [];
const origin = new Map();
let skipped = 0;

for (const md of [join(docs, 'home.md'), ...walk(join(docs, 'guides'))]) {
  for (const b of extractBlocks(readFileSync(md, 'utf8')).filter(isTs)) {
    if (b.flags.includes('ignore')) {
      skipped++;
      continue;
    }
    const path = /^\/\/ ((?:[\w.-]+\/)*[\w.-]+\.ts)\s*$/.exec(b.code.split('\n')[0] ?? '')?.[1];
    const name = path ? `${slug(md)}/${path}` : `${slug(md)}_L${b.line}.ts`;
    mkdirSync(dirname(join(out, name)), { recursive: true });
    // `export {}` makes every block a module, so top-level await and same-named consts are fine.
    writeFileSync(join(out, name), `${b.code}\n\nexport {};\n`);
    files.push(name);
    origin.set(name, (l, c) => `${relative(root, md)}:${b.line} +${l - 1} (col ${c})`);
  }
}

// README blocks: only their imports, which must name real exports.
const readmes = readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md'));
for (const md of readmes) {
  let n = 0;
  for (const b of extractBlocks(readFileSync(md, 'utf8')).filter(isTs)) {
    const sf = ts.createSourceFile('x.ts', b.code, ts.ScriptTarget.ES2022, true);
    const imports = sf.statements
      .filter((s) => ts.isImportDeclaration(s) && /^'@ssokit\//.test(s.moduleSpecifier.getText(sf)))
      .map((s) => s.getText(sf));
    if (imports.length === 0) continue;
    const name = `${slug(md)}_imports_${++n}_L${b.line}.ts`;
    writeFileSync(join(out, name), `${imports.join('\n')}\n\nexport {};\n`);
    files.push(name);
    origin.set(name, (l, c) => `${relative(root, md)}:${b.line} (imports) +${l - 1} (col ${c})`);
  }
}

// TSDoc examples: compiled whole, with their package's names imported for them.
const tsdoc = writeTsdocExamples({ root, out, write: (name, text) => writeFileSync(join(out, name), text) });
for (const name of tsdoc.files) {
  const { where, offset, indent } = tsdoc.origin.get(name);
  const [file, line] = [
    where.slice(0, where.lastIndexOf(':')),
    Number(where.slice(where.lastIndexOf(':') + 1)),
  ];
  // Lines before `offset` are the generated imports and context declarations.
  origin.set(name, (l, c) =>
    l < offset
      ? `${where} @example (generated context line ${l})`
      : `${file}:${line + l - offset + 1}:${c + indent} (@example)`,
  );
  files.push(name);
}
skipped += tsdoc.skipped;
if (tsdoc.empty.length > 0) {
  console.error(
    `✗ these @example blocks only declare a variable and show nothing; show a call or delete them:\n${tsdoc.empty.map((w) => `  ${w}`).join('\n')}`,
  );
  process.exitCode = 1;
}

writeFileSync(join(out, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
writeFileSync(
  join(out, 'tsconfig.json'),
  `${JSON.stringify(
    {
      extends: '../../../../tsconfig.base.json',
      compilerOptions: { noUnusedLocals: false },
      files,
    },
    null,
    2,
  )}\n`,
);

const tsc = join(root, 'node_modules', '.bin', 'tsc');
try {
  execFileSync(tsc, ['-p', join(out, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: out,
    encoding: 'utf8',
    stdio: 'pipe',
  });
} catch (e) {
  const text = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  // Point each error at the markdown it came from.
  const mapped = text.replace(/^([\w./-]+\.ts)\((\d+),(\d+)\)/gm, (_, f, l, c) =>
    origin.has(f) ? `${origin.get(f)(Number(l), Number(c))} [${f}]` : `${f}(${l},${c})`,
  );
  console.error(`✗ code blocks of the docs do not compile:\n${mapped}`);
  process.exit(1);
}
if (process.exitCode) process.exit(process.exitCode);
console.log(
  `✓ ${files.length} code blocks compiled (${tsdoc.files.length} of them TSDoc @example blocks; ${skipped} marked ignore)`,
);

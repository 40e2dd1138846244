#!/usr/bin/env node
// The "API" section of every published package's README is generated from the package itself:
// for each entry of its `exports` map (`.`, `./core`, `./files`, `./testing`, `./clock`, …) a
// heading, the entry's `@packageDocumentation` text (what it is for, when to import it), and one
// table row per export with the first sentence of the export's TSDoc.
//
// The generated text sits between `<!-- api:start -->` and `<!-- api:end -->` in the README.
//   node apps/docs/scripts/api-tables.mjs           checks; names every row to add or remove
//   node apps/docs/scripts/api-tables.mjs --write   rewrites the sections
// apps/docs/test/api-tables.test.ts runs the check in `pnpm test`.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../../..');
export const START = '<!-- api:start -->';
export const END = '<!-- api:end -->';

/** The published packages: `{ name, dir, entries: [{ subpath, source }] }`. */
export function publishedLibraries() {
  const found = [];
  for (const d of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', d, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.private) continue;
    const entries = Object.entries(pkg.exports ?? {})
      .filter(([k, v]) => k !== './package.json' && typeof v === 'object' && v['@ssokit/source'])
      .map(([k, v]) => ({ subpath: k, source: join(root, 'packages', d, v['@ssokit/source']) }));
    found.push({ name: pkg.name, dir: join(root, 'packages', d), entries });
  }
  return found;
}

const firstSentence = (text) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  // the first `.`, `:` or `;` before a space, outside inline code
  let code = false;
  let end = flat.length;
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] === '`') code = !code;
    else if (!code && '.:;'.includes(flat[i]) && (i + 1 === flat.length || flat[i + 1] === ' ')) {
      end = i + 1;
      break;
    }
  }
  return flat.slice(0, end).replace(/[:;]$/, '.').replace(/\|/g, '\\|');
};

/** Lines with the TSDoc-ish markup typedoc understands turned into plain markdown. */
const plain = (text) =>
  text.replace(
    /\{@link\s+([^}|\s]+)(?:\s*\|\s*([^}]+))?\s*\}/g,
    (_, a, b) => `\`${b ?? a.replace(/^.*!/, '')}\``,
  );

/** The export rows of every entry, and each entry's package documentation. */
export function describeEntries(libraries = publishedLibraries()) {
  const sources = libraries.flatMap((l) => l.entries.map((e) => e.source));
  const program = ts.createProgram(sources, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@ssokit/source'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const out = new Map();
  for (const lib of libraries) {
    const entries = [];
    for (const entry of lib.entries) {
      const sf = program.getSourceFile(entry.source);
      const moduleSymbol = checker.getSymbolAtLocation(sf);
      const rows = [];
      for (const sym of checker.getExportsOfModule(moduleSymbol)) {
        const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
        let doc = ts.displayPartsToString(target.getDocumentationComment(checker));
        if (!doc) doc = ts.displayPartsToString(sym.getDocumentationComment(checker));
        const decl = target.declarations?.[0];
        const kind = !decl
          ? 'value'
          : ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)
            ? 'type'
            : ts.isClassDeclaration(decl)
              ? 'class'
              : ts.isFunctionDeclaration(decl)
                ? 'function'
                : 'const';
        // a relative link of the TSDoc is relative to its source file; the README is elsewhere
        const from = dirname(decl?.getSourceFile().fileName ?? entry.source);
        const summary = (doc ? plain(firstSentence(doc)) : '').replace(
          /\]\((\.\.?\/[^)#]+)(#[^)]*)?\)/g,
          (_, path, hash) => `](${relative(lib.dir, resolve(from, path))}${hash ?? ''})`,
        );
        rows.push({ name: sym.getName(), kind, summary });
      }
      rows.sort((a, b) => a.name.localeCompare(b.name, 'en'));
      const pkgDoc = /\/\*\*([\s\S]*?)\*\/[\s\S]*?/.exec(sf.getFullText());
      const about = pkgDoc?.[1].includes('@packageDocumentation')
        ? pkgDoc[1]
            .split('\n')
            .map((l) => l.replace(/^\s*\* ?/, ''))
            .join('\n')
            .split(/\n@\w+/)[0]
            .replace(/\s+/g, ' ')
            .trim()
        : '';
      entries.push({
        ...entry,
        id: entry.subpath === '.' ? lib.name : `${lib.name}/${entry.subpath.slice(2)}`,
        rows,
        about: plain(about),
      });
    }
    out.set(lib.name, entries);
  }
  return out;
}

export const row = (r) => `| \`${r.name}\` | ${r.kind} | ${r.summary || '—'} |`;

/** The generated API section of one package. */
export function renderApi(entries) {
  const parts = [
    '## API',
    '',
    'Generated from the package’s exports and their TSDoc (`node apps/docs/scripts/api-tables.mjs --write` in the',
    'repository); the API reference site (`pnpm docs`) has every signature.',
  ];
  for (const e of entries) {
    parts.push('', `### \`${e.id}\``, '');
    if (e.about) parts.push(e.about, '');
    parts.push('| Export | Kind | What it is |', '|---|---|---|', ...e.rows.map(row));
  }
  return parts.join('\n');
}

/** Problems of one README against its exports: each says exactly what to change. */
export function checkReadme(lib, entries, text) {
  const file = relative(root, join(lib.dir, 'README.md'));
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a)
    return [
      `${file}: no \`${START}\` … \`${END}\` section; add both lines, then run \`node apps/docs/scripts/api-tables.mjs --write\``,
    ];
  const have = text.slice(a + START.length, b).trim();
  const want = renderApi(entries);
  if (have === want) return [];
  const haveLines = new Set(have.split('\n'));
  const wantLines = new Set(want.split('\n'));
  const problems = [];
  for (const l of want.split('\n')) if (!haveLines.has(l)) problems.push(`${file}: add  ${l}`);
  for (const l of have.split('\n')) if (!wantLines.has(l)) problems.push(`${file}: remove  ${l}`);
  if (problems.length === 0) problems.push(`${file}: the API section is out of order`);
  problems.push(
    `${file}: (or run \`node apps/docs/scripts/api-tables.mjs --write\`, which writes exactly that)`,
  );
  return problems;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const write = process.argv.includes('--write');
  const libs = publishedLibraries();
  const described = describeEntries(libs);
  const problems = [];
  for (const lib of libs) {
    const file = join(lib.dir, 'README.md');
    const text = readFileSync(file, 'utf8');
    const entries = described.get(lib.name);
    if (write) {
      const a = text.indexOf(START);
      const b = text.indexOf(END);
      const section = `${START}\n${renderApi(entries)}\n${END}`;
      const next =
        a >= 0 && b > a
          ? text.slice(0, a) + section + text.slice(b + END.length)
          : `${text.trimEnd()}\n\n${section}\n`;
      if (next !== text) writeFileSync(file, next);
    } else problems.push(...checkReadme(lib, entries, text));
  }
  if (problems.length) {
    console.error(`✗ README API sections differ from the exports:\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log(write ? '✓ API sections written' : '✓ README API sections match the exports');
}

// Every install instruction in the READMEs and guides is true today: an `npm install` line names
// only packages this workspace publishes, and until the first release to npm each page that shows
// one also says how to install from a clone (`pnpm pack-all`, a script of the root package.json).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** name → private? for every workspace package. */
function workspacePackages(): Map<string, boolean> {
  const found = new Map<string, boolean>();
  for (const group of ['packages', 'apps']) {
    for (const d of readdirSync(join(root, group))) {
      const file = join(root, group, d, 'package.json');
      if (existsSync(file)) {
        const pkg = readJson(file);
        found.set(String(pkg['name']), pkg['private'] === true);
      }
    }
  }
  return found;
}

/** The Markdown pages a person reads: the READMEs and the docs guides. */
function pages(): string[] {
  const files = [join(root, 'README.md')];
  for (const group of ['packages', 'apps'])
    for (const d of readdirSync(join(root, group)))
      if (existsSync(join(root, group, d, 'README.md'))) files.push(join(root, group, d, 'README.md'));
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.md')) files.push(join(dir, e.name));
    }
  };
  walk(join(root, 'apps', 'docs', 'guides'));
  return files;
}

/** The packages named by `npm install` / `npm i` lines (flags, paths and placeholders left out). */
function installedNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\bnpm (?:install|i|add)\b([^\n`]*)/g)) {
    for (const word of m[1]!.trim().split(/\s+/)) {
      if (!word || word.startsWith('-') || word.includes('…') || word.startsWith('/') || word.startsWith('.'))
        continue;
      if (/^[#(]/.test(word)) break; // a comment or prose after the command
      names.push(word.replace(/(.)@[^/]*$/, '$1')); // without a version: @ssokit/x@1 → @ssokit/x
    }
  }
  return names;
}

describe('install instructions', () => {
  const workspace = workspacePackages();
  const published = [...workspace].filter(([, isPrivate]) => !isPrivate).map(([name]) => name);

  it('the root package.json has the pack-all script the pages point to', () => {
    const scripts = readJson(join(root, 'package.json'))['scripts'] as Record<string, string>;
    expect(scripts['pack-all']).toMatch(/node scripts\/pack-all\.mjs/);
  });

  it('the CLI is published as `ssokit` with an `ssokit` command', () => {
    const cli = readJson(join(root, 'apps', 'cli', 'package.json'));
    expect(cli['name']).toBe('ssokit');
    expect(cli['private']).toBeUndefined();
    expect(cli['bin']).toEqual({ ssokit: './dist/bin.cjs' });
  });

  for (const file of pages()) {
    const text = readFileSync(file, 'utf8');
    const ours = installedNames(text).filter((n) => n === 'ssokit' || n.startsWith('@ssokit/'));
    if (ours.length === 0) continue;
    it(`${relative(root, file)}: names only published workspace packages, and how to install from a clone`, () => {
      for (const name of ours) expect(published, `${relative(root, file)} installs ${name}`).toContain(name);
      expect(text, `${relative(root, file)} must say how to install before the first release`).toMatch(
        /pnpm(?:@\d+)? pack-all/,
      );
    });
  }
});

// The code cites what the repository holds: the design notes (guides/design.md), an RFC or AWS
// documentation, never a private spec file that is not in it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// The team's private notes (a protocol spec and a style note), which the repository does not hold:
// a citation of either, by file name or as "<name> §n", points a reader at nothing. The pattern is
// assembled from the names so that this file does not cite them itself.
const PRIVATE_NOTES = ['spec', 'style'].map((n) => n.toUpperCase());
const CITATION = new RegExp(
  PRIVATE_NOTES.map((n) => `\\b${n}\\b(?:\\s*\u00a7|\\.md|:)|shared/${n}`).join('|'),
);
const SKIP = new Set(['node_modules', 'dist', 'test-output', '.turbo', 'coverage']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    if (SKIP.has(f) || f.startsWith('.')) return [];
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.(ts|mts|mjs|md)$/.test(f) ? [p] : [];
  });
}

describe('citations', () => {
  it('no source, test or README cites a private notes file the repository does not hold', () => {
    const files = [
      ...['packages', 'apps', 'scripts', 'examples'].flatMap((d) => walk(join(root, d))),
      join(root, 'README.md'),
      join(root, 'CONTRIBUTING.md'),
    ];
    const hits: string[] = [];
    for (const file of files) {
      const rel = relative(root, file);
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (CITATION.test(line)) hits.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(hits).toEqual([]);
  });
});

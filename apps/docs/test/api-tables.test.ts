// Every published package's README has an API section generated from its exports (each entry:
// `.`, `/core`, `/files`, `/testing`, `/clock`, …). When an export is added, renamed or its TSDoc
// changes, this test names the exact table row to add or remove (or run the script with --write).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReadme, describeEntries, publishedLibraries, row } from '../scripts/api-tables.mjs';

const libraries = publishedLibraries();
const described = describeEntries(libraries);

describe('README API sections', () => {
  it.each(libraries.map((l) => [l.name, l] as const))(
    '%s: the API section lists every export of every entry',
    (_, lib) => {
      const text = readFileSync(join(lib.dir, 'README.md'), 'utf8');
      expect(checkReadme(lib, described.get(lib.name)!, text).join('\n')).toBe('');
    },
  );

  it('every entry of every exports map is described, with when to use it', () => {
    for (const lib of libraries)
      for (const entry of described.get(lib.name)!) {
        expect(entry.rows.length, `${entry.id} exports nothing`).toBeGreaterThan(0);
        if (entry.subpath !== '.')
          expect(
            entry.about,
            `${entry.source}: give the entry a /** … @packageDocumentation */ comment`,
          ).not.toBe('');
      }
  });

  it('names a missing row exactly', () => {
    const lib = libraries.find((l) => l.name === '@ssokit/token-core')!;
    const entries = described.get(lib.name)!;
    const text = readFileSync(join(lib.dir, 'README.md'), 'utf8');
    const sso = entries[0]!.rows.find((r) => r.name === 'SsoAuth')!;
    const problems = checkReadme(lib, entries, text.replace(`${row(sso)}\n`, ''));
    expect(problems[0]).toBe(`packages/token-core/README.md: add  ${row(sso)}`);
  });
});

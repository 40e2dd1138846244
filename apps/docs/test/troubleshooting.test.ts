// The troubleshooting guide promises every error code the packages throw. This keeps the promise:
// the codes are read from the packages' source, so a new code without an entry fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_ERRORS } from '@ssokit/protocol';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const guides = fileURLToPath(new URL('../guides/', import.meta.url));
const troubleshooting = readFileSync(join(guides, 'troubleshooting.md'), 'utf8');

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

it('documents every ERR_SSOKIT_ code found in the packages', () => {
  const codes = new Set<string>();
  for (const pkg of readdirSync(join(root, 'packages'))) {
    for (const file of sources(join(root, 'packages', pkg, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'(ERR_SSOKIT_[A-Z_]+)'/g)) codes.add(m[1]!);
    }
  }
  expect(codes.size).toBeGreaterThan(15);
  const missing = [...codes].filter((c) => !troubleshooting.includes(`\`${c}\``));
  expect(missing).toEqual([]);
});

it('documents every service error name of the catalogue', () => {
  const names = new Set(SERVICE_ERRORS.map((e) => e.name));
  const missing = [...names].filter((n) => !troubleshooting.includes(`| \`${n}\` |`));
  expect(missing).toEqual([]);
});

it('has a guide page for every published package', () => {
  const published = readdirSync(join(root, 'packages')).filter(
    (p) => !JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')).private,
  );
  const pages = readdirSync(join(guides, 'packages')).map((f) => f.replace(/\.md$/, ''));
  expect(pages.sort()).toEqual(published.sort());
  const index = readFileSync(join(guides, 'packages.md'), 'utf8');
  for (const p of published) expect(index).toContain(`./packages/${p}.md`);
});

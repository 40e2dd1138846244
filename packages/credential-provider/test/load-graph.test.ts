// Importing the package must stay cheap: the credential path answers from the caches without zod
// and undici, so the modules the entry loads statically (import/export ... from, not `import type`
// and not `await import(...)`) must not reach the network layers. Walks the source from src/index.ts.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
// the full entries: they load zod (and build the schemas) or undici; node:http costs ~40 ms on Node 24
const heavy = new Set([
  'node:http',
  'zod',
  'undici',
  '@ssokit/protocol',
  '@ssokit/transport',
  '@ssokit/token-core',
  '@ssokit/portal-client',
  '@ssokit/oidc-client',
]);

const STATIC_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gms;

function staticGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const specifiers = [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1] as string);
    seen.set(file, specifiers);
    for (const s of specifiers)
      if (s.startsWith('.')) visit(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
  };
  visit(entry);
  return seen;
}

describe('what importing @ssokit/credential-provider loads', () => {
  it('no module reached statically from src/index.ts imports zod, undici, node:http or a full client entry', () => {
    const graph = staticGraph(join(src, 'index.ts'));
    expect(graph.size).toBeGreaterThan(10);
    const offenders = [...graph].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => heavy.has(s)).map((s) => `${file.slice(src.length + 1)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

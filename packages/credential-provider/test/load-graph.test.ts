// Importing the package must stay cheap: the credential path answers from the caches without zod
// and undici, so the modules the entry loads statically (import/export ... from, not `import type`
// and not `await import(...)`) must not reach the network layers. Walks the source from src/index.ts.
import { existsSync, readFileSync } from 'node:fs';
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

// A cold `fromSso` (valid token, no cached role credentials) loads token-core, portal-client and
// transport (the `import()`s of fetchFromPortal in from-sso.ts) and sends one GetRoleCredentials.
// That path validates with the compiled bindings of @ssokit/protocol/wire and reads the token file
// without zod: zod's runtime and the schemas were ~55 ms of it on Node 20. Walks the static imports
// across the workspace packages (their `@ssokit/source` entries); `import()` on failure paths is not
// followed.
const packages = join(src, '..', '..');

function workspaceEntry(specifier: string): string | undefined {
  const m = /^@ssokit\/([\w-]+)(\/[\w-]+)?$/.exec(specifier);
  if (!m) return undefined;
  const pkg = join(packages, m[1] as string);
  const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
    exports: Record<string, { '@ssokit/source'?: string }>;
  };
  const entry = manifest.exports[`.${m[2] ?? ''}`]?.['@ssokit/source'];
  return entry ? join(pkg, entry) : undefined;
}

function workspaceGraph(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const specifiers = [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].map((m) => m[1] as string);
    seen.set(file, specifiers);
    for (const s of specifiers) {
      if (s.startsWith('.')) {
        const ts = resolve(dirname(file), s.replace(/\.js$/, '.ts'));
        visit(existsSync(ts) ? ts : resolve(dirname(file), s));
      } else {
        const entry = workspaceEntry(s);
        if (entry) visit(entry);
      }
    }
  };
  for (const e of entries) visit(e);
  return seen;
}

describe('what a cold fromSso loads to fetch role credentials', () => {
  it('never reaches zod nor the full @ssokit/protocol entry (its schemas)', () => {
    const fromSso = readFileSync(join(src, 'from-sso.ts'), 'utf8');
    const lazy = ['@ssokit/token-core', '@ssokit/portal-client', '@ssokit/transport'];
    for (const l of lazy) expect(fromSso).toContain(`import('${l}')`);
    const graph = workspaceGraph([join(src, 'index.ts'), ...lazy.map((l) => workspaceEntry(l) as string)]);
    expect([...graph.keys()].some((f) => f.endsWith(join('protocol', 'src', 'wire.ts')))).toBe(true);
    const offenders = [...graph].flatMap(([file, specifiers]) =>
      specifiers
        .filter((s) => s === 'zod' || s === '@ssokit/protocol')
        .map((s) => `${file.slice(packages.length + 1)} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

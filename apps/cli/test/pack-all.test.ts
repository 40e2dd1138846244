// `pnpm pack-all` (scripts/pack-all.mjs) writes one tarball per published workspace package into
// one folder and prints the single npm line that installs from there, naming every tarball (the
// packaging check then installs the CLI that way: scripts/check-installed-cli.mjs).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let out: string | undefined;

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** The published (not private) workspace packages. */
function published(): Array<{ name: string; version: string }> {
  const found = [];
  for (const group of ['packages', 'apps'])
    for (const d of readdirSync(join(root, group))) {
      const file = join(root, group, d, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as {
        name: string;
        version: string;
        private?: boolean;
      };
      if (!pkg.private) found.push(pkg);
    }
  return found;
}

describe('pnpm pack-all', () => {
  it('packs every published package into one folder and prints one npm install line naming each tarball', async () => {
    out = await mkdtemp(join(tmpdir(), 'ssokit-pack-all-'));
    const { stdout } = await promisify(execFile)('node', [join(root, 'scripts', 'pack-all.mjs'), out], {
      cwd: root,
      timeout: 120_000,
    });
    const expected = published()
      .map((p) => `${p.name.replace(/^@/, '').replace('/', '-')}-${p.version}.tgz`)
      .sort();
    expect(expected).toContain(`ssokit-${published().find((p) => p.name === 'ssokit')!.version}.tgz`);
    expect((await readdir(out)).sort()).toEqual(expected);
    const lines = stdout.split('\n').filter((l) => l.startsWith('npm install'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split(' ').slice(3).sort()).toEqual(expected.map((f) => join(out!, f)));
    expect(lines[0]).toMatch(/^npm install -g /);
  }, 150_000);
});

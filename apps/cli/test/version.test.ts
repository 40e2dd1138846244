// `ssokit --version` prints the CLI's version; with --debug, also each @ssokit package it depends on
// and where Node resolved it from (what `ssokit credentials` loads when it goes to the network).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './helpers.js';

const manifest = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8'),
) as { version: string; dependencies: Record<string, string> };
const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', NO_COLOR: '1' };

beforeAll(() => assertBuilt());

describe('ssokit --version', () => {
  it('prints the version of the package, alone, and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${manifest.version}\n`);
    }
  });

  it('with --debug, also names Node and every @ssokit package with its version', async () => {
    const r = await runCli(['--debug', '--version'], env);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`ssokit ${manifest.version}`);
    expect(lines).toContain(`node ${process.versions.node}`);
    const ours = Object.keys(manifest.dependencies).filter((n) => n.startsWith('@ssokit/'));
    expect(ours.length).toBeGreaterThan(0);
    for (const name of ours) {
      const own = JSON.parse(
        readFileSync(
          join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', name, 'package.json'),
          'utf8',
        ),
      ) as { version: string };
      expect(lines.some((l) => l.startsWith(`${name} ${own.version} (`))).toBe(true);
    }
  });

  it('is listed in --help', async () => {
    const r = await runCli(['--help'], env);
    expect(r.stdout).toMatch(/-V, --version/);
  });
});

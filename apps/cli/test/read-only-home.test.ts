// Read-only commands in a home the user cannot write to (a read-only mount, a shared account):
// with no token they must say that a login is needed, not fail trying to create ~/.aws/sso/cache.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, runCli, sessionConfig } from './helpers.js';

let emulator: RunningEmulator;
let home: string;
let env: Record<string, string>;
// root writes anywhere: run the CLI as nobody then, so the home really is read-only to it (when
// nobody can read the built CLI at all, e.g. a checkout under /root, there is nothing to test)
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const canRun =
  !('uid' in asUser) ||
  spawnSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(BIN)})`], asUser).status ===
    0;
if (!canRun) console.log('skipping the read-only home tests: user nobody cannot read the built CLI');

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ autoApprove: true });
  home = await mkdtemp(join(tmpdir(), 'ssokit-ro-home-'));
  await mkdir(join(home, '.aws'));
  const config = sessionConfig(emulator, { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } });
  await writeFile(join(home, '.aws', 'config'), config, { mode: 0o644 });
  await chmod(join(home, '.aws'), 0o555);
  await chmod(home, 0o555);
  env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    NO_COLOR: '1',
  };
});

afterAll(async () => {
  await emulator?.close();
  if (home) {
    await chmod(home, 0o755);
    await chmod(join(home, '.aws'), 0o755);
    await rm(home, { recursive: true, force: true });
  }
});

const run = (args: string[]) => runCli(args, env, asUser);

describe.skipIf(process.platform === 'win32' || !canRun)('a read-only home without a token', () => {
  it.each([
    [['credentials', '--profile', 'dev']],
    [['accounts', '--profile', 'dev']],
    [['roles', '--profile', 'dev']],
  ])('ssokit %j says a login is required (exit 4) and writes nothing', async (args) => {
    const r = await run(args);
    expect(r.stderr).not.toContain('Could not write');
    expect(r.stderr).toContain('Login required');
    expect(r.stderr).toContain('ssokit login --profile dev');
    expect(r.code).toBe(4);
  });

  it('ssokit status says there is no session (exit 0)', async () => {
    const r = await run(['status']);
    expect(r.stderr + r.stdout).toContain('No cached SSO sessions');
    expect(r.code).toBe(0);
  });
});

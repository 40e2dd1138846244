// configure/populate write AWS_CONFIG_FILE wherever it points: a directory that already exists keeps
// its mode (a shared /tmp must stay 1777); only directories ssokit creates are made 0700.
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeHome, runCli, type TestHome } from './helpers.js';

let emulator: RunningEmulator;
let t: TestHome;
let shared: string;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ autoApprove: true, pollIntervalSeconds: 1 });
  t = await makeHome(emulator);
  shared = await mkdtemp(join(tmpdir(), 'ssokit-shared-'));
  await chmod(shared, 0o1777);
});

afterAll(async () => {
  await emulator?.close();
  await t?.cleanup();
  if (shared) await rm(shared, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('directories ssokit writes into', () => {
  it('configure with AWS_CONFIG_FILE in a 1777 directory leaves its mode alone', async () => {
    const configFile = join(shared, 'config');
    const r = await runCli(
      [
        'configure',
        '--sso-session',
        'work',
        '--start-url',
        emulator.startUrl,
        '--region',
        emulator.region,
        '--profile',
        'dev',
        '--account-id',
        '111111111111',
        '--role-name',
        'ReadOnlyAccess',
        '--device-code',
      ],
      { ...t.env, AWS_CONFIG_FILE: configFile },
      { timeoutMs: 30_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(configFile, 'utf8')).toContain('[profile dev]');
    expect((await stat(shared)).mode & 0o7777).toBe(0o1777);
    expect((await stat(configFile)).mode & 0o777).toBe(0o600);
    // what ssokit created itself is private
    expect((await stat(join(t.home, '.aws', 'sso', 'cache'))).mode & 0o777).toBe(0o700);
  });

  it('populate keeps the mode of the existing config directory', async () => {
    const dir = join(t.home, 'team-aws');
    const configFile = join(dir, 'config');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await writeFile(configFile, await readFile(join(shared, 'config'), 'utf8'), { mode: 0o600 });
    const r = await runCli(['populate', '--sso-session', 'work'], { ...t.env, AWS_CONFIG_FILE: configFile });
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
  });
});

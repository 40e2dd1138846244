// `ssokit logout`: what stays on disk afterwards. Role credentials however they were fetched
// (`--sso-session --account-id --role-name`, populate's credential_process profiles) must go with
// their session, and `--all` must sweep the cache the way `aws sso logout` does, without hanging.
import { execFileSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  expectCredentialProcess,
  listDir,
  loginAs,
  makeHome,
  runCli,
  sessionConfig,
  type TestHome,
  tokenFile,
} from './helpers.js';

let emulator: RunningEmulator;
let t: TestHome;
const roleCacheDir = () => join(t.home, '.aws', 'cli', 'cache');
const ssoCacheDir = () => join(t.home, '.aws', 'sso', 'cache');
const ssoRoleFiles = async () => {
  const out: string[] = [];
  for (const name of await listDir(roleCacheDir())) {
    const text = await readFile(join(roleCacheDir(), name), 'utf8').catch(() => '');
    if (text.includes('"ProviderType": "sso"')) out.push(name);
  }
  return out;
};

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await t?.cleanup();
  t = await makeHome(
    emulator,
    sessionConfig(emulator, { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } }),
  );
  expect((await loginAs(emulator, t.env, 'alice')).code).toBe(0);
});
afterAll(async () => {
  await t?.cleanup();
});

const direct = (accountId: string, roleName: string) => [
  'credentials',
  '--sso-session',
  'work',
  '--account-id',
  accountId,
  '--role-name',
  roleName,
];

describe('logout of one session', () => {
  it('removes role credentials fetched without a profile and through credential_process profiles', async () => {
    expectCredentialProcess((await runCli(direct('222222222222', 'DeveloperAccess'), t.env)).stdout);
    // what `populate --credential-process` writes: a profile without sso_* keys
    const populated = await runCli(['populate', '--sso-session', 'work', '--credential-process'], t.env);
    expect(populated.code, populated.stderr).toBe(0);
    const config = await readFile(t.configFile, 'utf8');
    // what the SDK runs for such a profile
    const line =
      /credential_process = .*?(credentials [^\n]*--account-id 333333333333 --role-name AdministratorAccess)\n/.exec(
        config,
      )?.[1];
    expect(line, config).toBeDefined();
    const viaProfile = await runCli(line!.split(' '), t.env);
    expect(viaProfile.code, viaProfile.stderr).toBe(0);
    expect(await ssoRoleFiles()).toHaveLength(2);

    const r = await runCli(['logout', '--sso-session', 'work'], t.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Signed out of sso-session work; removed 2 cached role credential files.');
    expect(await ssoRoleFiles()).toEqual([]);
    // nothing is served after "Signed out"
    const after = await runCli(direct('222222222222', 'DeveloperAccess'), t.env);
    expect(after.code).toBe(4);
    expect(after.stdout).toBe('');
  });

  it('leaves the role credentials of another session alone', async () => {
    await writeFile(
      t.configFile,
      `${await readFile(t.configFile, 'utf8')}\n[sso-session other]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\n`,
    );
    expect((await loginAs(emulator, t.env, 'alice', ['--sso-session', 'other'])).code).toBe(0);
    expectCredentialProcess((await runCli(direct('111111111111', 'Billing'), t.env)).stdout);
    const other = await runCli(
      ['credentials', '--sso-session', 'other', '--account-id', '111111111111', '--role-name', 'Billing'],
      t.env,
    );
    expectCredentialProcess(other.stdout);
    expect(await ssoRoleFiles()).toHaveLength(2);
    const r = await runCli(['logout', '--sso-session', 'work'], t.env);
    expect(r.stderr).toContain('removed 1 cached role credential file.');
    expect(await ssoRoleFiles()).toHaveLength(1);
    expect(
      (
        await runCli(
          ['credentials', '--sso-session', 'other', '--account-id', '111111111111', '--role-name', 'Billing'],
          t.env,
        )
      ).code,
    ).toBe(0);
  });
});

describe.skipIf(process.platform === 'win32')('logout --all', () => {
  it.each([
    ['--sso-session', 'work'],
    ['--profile', 'dev'],
  ])(
    'refuses --all with %s (it would sign out of more than the one named) and keeps the token',
    async (flag, value) => {
      const before = await readdir(ssoCacheDir());
      const r = await runCli(['logout', '--all', flag, value], t.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--all cannot be combined with ${flag}`);
      expect(await readdir(ssoCacheDir())).toEqual(before);
    },
  );

  it('deletes token files without startUrl, skips a FIFO with a warning, and names the sessions', async () => {
    // a token another tool wrote: accessToken, no startUrl, no region (the AWS CLI deletes it)
    const foreign = join(ssoCacheDir(), `${'c'.repeat(40)}.json`);
    await writeFile(
      foreign,
      JSON.stringify({ accessToken: 'foreign-token', expiresAt: '2030-01-01T00:00:00Z' }),
      {
        mode: 0o600,
      },
    );
    const fifo = join(ssoCacheDir(), 'stuck.json');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['logout', '--all'], t.env, { timeoutMs: 15_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Signed out of 2 sessions \(.*sso-session work.*\)/);
    expect(r.stderr).toContain(`${'c'.repeat(40)}.json`);
    expect(r.stderr).toContain(`${fifo}: the file cannot be read (not a regular file)`);
    const left = await readdir(ssoCacheDir());
    expect(left).not.toContain(`${'c'.repeat(40)}.json`);
    expect(left).not.toContain(tokenFile(t.home).split('/').pop());
    expect(left).toContain('stuck.json');
  });
});

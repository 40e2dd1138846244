// Twenty terminals (or twenty AWS SDK clients' credential_process) ask at once while the SSO token has
// expired but can be refreshed: the cross-process lock must let exactly one of them refresh it, and
// every one of them must print valid credential_process output.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  expectCredentialProcess,
  hasStackTrace,
  listDir,
  runCli,
  sessionConfig,
  setTokenExpiry,
  tokenFile,
  useEmulatorHome,
} from './helpers.js';

const h = useEmulatorHome(
  { autoApprove: true, pollIntervalSeconds: 1 },
  { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } },
);

const refreshGrants = () =>
  h.emulator.admin
    .requests()
    .filter(
      (q) =>
        q.operation === 'CreateToken' &&
        (q.body as { grantType?: string } | undefined)?.grantType === 'refresh_token',
    );

it('twenty credential processes on an expired, refreshable session refresh it once', async () => {
  const login = await runCli(['login', '--profile', 'dev', '--device-code', '--no-browser'], h.env);
  expect(login.code, login.stderr).toBe(0);
  // an hour later on both sides: the cached token has expired, its refresh token still works
  h.emulator.admin.advanceClock(61 * 60_000);
  await setTokenExpiry(h.home, new Date(Date.now() - 60_000));
  const stale = JSON.parse(await readFile(tokenFile(h.home), 'utf8')) as { accessToken: string };
  expect(refreshGrants()).toHaveLength(0);

  const runs = await Promise.all(
    Array.from({ length: 20 }, () =>
      runCli(['credentials', '--profile', 'dev'], h.env, { timeoutMs: 45_000 }),
    ),
  );

  const refreshes = refreshGrants();
  expect(refreshes).toHaveLength(1);
  expect(refreshes[0]!.status).toBe(200);
  for (const r of runs) {
    expect(r.code, r.stderr).toBe(0);
    expectCredentialProcess(r.stdout);
    expect(hasStackTrace(r.stderr)).toBe(false);
  }
  const fresh = JSON.parse(await readFile(tokenFile(h.home), 'utf8')) as {
    accessToken: string;
    expiresAt: string;
  };
  expect(fresh.accessToken).not.toBe(stale.accessToken);
  expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.now() + 30 * 60_000);
  // every role-credential request used the refreshed token (the emulator accepts no other now)
  expect(
    h.emulator.admin.requests().filter((q) => q.operation === 'GetRoleCredentials' && q.status !== 200),
  ).toEqual([]);
}, 60_000);

// `ssokit credentials --login` (and `ssokit_login = true` in a profile): a credential_process that
// signs in when no valid token is left — once for any number of processes, under the session's lock —
// but only where a person can see the sign-in; elsewhere it exits 4 as before. Off by default.
//
// The children get no DISPLAY: the device code is the flow (no display, or this machine's container),
// and BROWSER is a command that can show its URL here, which is what lets a pipe-only stderr sign in.

/** The sign-ins the emulator saw start: device authorizations and browser authorize requests. */
const signIns = () =>
  h.emulator.admin
    .requests()
    .filter((q) => q.operation === 'StartDeviceAuthorization' || q.path === '/authorize').length;

describe('credentials --login', () => {
  beforeEach(async () => {
    // signed out, with no cached role credentials
    await rm(`${h.home}/.aws/sso`, { recursive: true, force: true });
    await rm(`${h.home}/.aws/cli`, { recursive: true, force: true });
    await writeFile(
      h.configFile,
      sessionConfig(h.emulator, { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } }),
    );
  });

  it('twenty processes with no sign-in start one sign-in and all print credentials', async () => {
    const before = signIns();
    const env = { ...h.env, BROWSER: 'true' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        runCli(['credentials', '--profile', 'dev', '--login'], env, { timeoutMs: 90_000 }),
      ),
    );
    for (const r of results) {
      expect(r.code, r.stderr).toBe(0);
      expectCredentialProcess(r.stdout);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    expect(signIns() - before).toBe(1);
    expect(results.filter((r) => r.stderr.includes('to sign in, open'))).toHaveLength(1);
  }, 120_000);

  it('ssokit_login = true in the profile does the same without the flag', async () => {
    await writeFile(
      h.configFile,
      `${sessionConfig(h.emulator, { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } })}ssokit_login = true\n`,
    );
    const before = signIns();
    const r = await runCli(['credentials', '--profile', 'dev'], { ...h.env, BROWSER: 'true' });
    expect(r.code, r.stderr).toBe(0);
    expectCredentialProcess(r.stdout);
    expect(signIns() - before).toBe(1);
  });

  it('is off by default: no sign-in, exit 4 as before', async () => {
    const before = signIns();
    const r = await runCli(['credentials', '--profile', 'dev'], { ...h.env, BROWSER: 'true' });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(signIns() - before).toBe(0);
    expect(await listDir(`${h.home}/.aws/sso/cache`)).toEqual([]);
  });

  it('where no sign-in can be shown (no browser, stderr not a terminal) exits 4 and says why', async () => {
    const before = signIns();
    const r = await runCli(['credentials', '--profile', 'dev', '--login'], h.env);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('ssokit login');
    expect(r.stderr).toMatch(/--login signs in only where a browser or a terminal can show it, and here: /);
    expect(signIns() - before).toBe(0);
    // an SSH session, even with BROWSER set: nobody at this machine would see the browser
    const ssh = await runCli(['credentials', '--profile', 'dev', '--login'], {
      ...h.env,
      BROWSER: 'true',
      SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22',
    });
    expect(ssh.code).toBe(4);
    expect(ssh.stderr).toMatch(/and here: this is an SSH session/);
    expect(signIns() - before).toBe(0);
  });
});

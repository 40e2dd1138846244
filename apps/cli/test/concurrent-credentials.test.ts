// Twenty terminals (or twenty AWS SDK clients' credential_process) ask at once while the SSO token has
// expired but can be refreshed: the cross-process lock must let exactly one of them refresh it, and
// every one of them must print valid credential_process output.
import { readFile } from 'node:fs/promises';
import type { RunningEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  expectCredentialProcess,
  hasStackTrace,
  runCli,
  setTokenExpiry,
  startEmulatorHome,
  stopEmulatorHome,
  type TestHome,
  tokenFile,
} from './helpers.js';

let emulator: RunningEmulator;
let t: TestHome;

beforeAll(async () => {
  ({ emulator, t } = await startEmulatorHome(
    { autoApprove: true, pollIntervalSeconds: 1 },
    { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } },
  ));
});

afterAll(() => stopEmulatorHome(emulator, t));

const refreshGrants = () =>
  emulator.admin
    .requests()
    .filter(
      (q) =>
        q.operation === 'CreateToken' &&
        (q.body as { grantType?: string } | undefined)?.grantType === 'refresh_token',
    );

it('twenty credential processes on an expired, refreshable session refresh it once', async () => {
  const login = await runCli(['login', '--profile', 'dev', '--device-code', '--no-browser'], t.env);
  expect(login.code, login.stderr).toBe(0);
  // an hour later on both sides: the cached token has expired, its refresh token still works
  emulator.admin.advanceClock(61 * 60_000);
  await setTokenExpiry(t.home, new Date(Date.now() - 60_000));
  const stale = JSON.parse(await readFile(tokenFile(t.home), 'utf8')) as { accessToken: string };
  expect(refreshGrants()).toHaveLength(0);

  const runs = await Promise.all(
    Array.from({ length: 20 }, () =>
      runCli(['credentials', '--profile', 'dev'], t.env, { timeoutMs: 45_000 }),
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
  const fresh = JSON.parse(await readFile(tokenFile(t.home), 'utf8')) as {
    accessToken: string;
    expiresAt: string;
  };
  expect(fresh.accessToken).not.toBe(stale.accessToken);
  expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.now() + 30 * 60_000);
  // every role-credential request used the refreshed token (the emulator accepts no other now)
  expect(
    emulator.admin.requests().filter((q) => q.operation === 'GetRoleCredentials' && q.status !== 200),
  ).toEqual([]);
}, 60_000);

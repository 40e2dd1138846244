import { readFile } from 'node:fs/promises';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { FileTokenStore } from '@ssokit/token-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  assertBuilt,
  firstAssignment,
  makeSsoHome,
  refreshRequests,
  runNodeFixture,
  type SsoHome,
  signIn,
} from './helpers.js';

let emulator: RunningEmulator;
let h: SsoHome;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
  h = await makeSsoHome(emulator, await firstAssignment(emulator));
  await signIn(emulator, h);
});
afterAll(async () => {
  await h?.cleanup();
  await emulator?.close();
});

it('16 processes with the token inside the mandatory window refresh it once', {
  timeout: 60_000,
}, async () => {
  // Move the cached token's expiry to 4 minutes from now: every process must refresh before use.
  const store = new FileTokenStore({ homeDir: h.home });
  const signedIn = (await store.read(h.session))!;
  await store.write(h.session, { ...signedIn, expiresAt: new Date(Date.now() + 4 * 60_000) });
  emulator.admin.clearRequests();

  const results = await Promise.all(
    Array.from({ length: 16 }, () => runNodeFixture('ssokit-from-sso.mjs', ['dev', 'no-role-cache'], h.env)),
  );

  for (const r of results) {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    expect(c.accessKeyId).toMatch(/^ASIA/);
    expect(c.secretAccessKey).toBeTruthy();
    expect(c.sessionToken).toBeTruthy();
  }
  expect(refreshRequests(emulator).map((r) => r.status)).toEqual([200]);
  expect(emulator.admin.counters()['GetRoleCredentials']).toBe(16);

  const file = JSON.parse(await readFile(h.tokenFile, 'utf8')) as {
    accessToken: string;
    refreshToken: string;
    clientId: string;
    clientSecret: string;
    expiresAt: string;
  };
  expect(file.refreshToken).not.toBe(signedIn.refreshToken);
  expect(Date.parse(file.expiresAt)).toBeGreaterThan(Date.now() + 50 * 60_000);
  // The emulator rotates refresh tokens: only the one it issued last is accepted.
  const refresh = async (refreshToken: string) =>
    (
      await fetch(`${emulator.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: file.clientId,
          clientSecret: file.clientSecret,
          grantType: 'refresh_token',
          refreshToken,
        }),
      })
    ).status;
  expect(await refresh(signedIn.refreshToken!)).toBe(400);
  expect(await refresh(file.refreshToken)).toBe(200);
});

import { readFile } from 'node:fs/promises';
import { FileTokenStore } from '@ssokit/token-core';
import { beforeAll, expect, it } from 'vitest';
import { assertBuilt, refreshRequests, runNodeFixture, useEmulatorHome } from './helpers.js';

beforeAll(() => assertBuilt());
const sso = useEmulatorHome({ pollIntervalSeconds: 1 }, { homePer: 'file', signIn: true });

it('16 processes with the token inside the mandatory window refresh it once', {
  timeout: 60_000,
}, async () => {
  // Move the cached token's expiry to 4 minutes from now: every process must refresh before use.
  const store = new FileTokenStore({ homeDir: sso.h.home });
  const signedIn = (await store.read(sso.h.session))!;
  await store.write(sso.h.session, { ...signedIn, expiresAt: new Date(Date.now() + 4 * 60_000) });
  sso.emulator.admin.clearRequests();

  const results = await Promise.all(
    Array.from({ length: 16 }, () =>
      runNodeFixture('ssokit-from-sso.mjs', ['dev', 'no-role-cache'], sso.h.env),
    ),
  );

  for (const r of results) {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    expect(c.accessKeyId).toMatch(/^ASIA/);
    expect(c.secretAccessKey).toBeTruthy();
    expect(c.sessionToken).toBeTruthy();
  }
  expect(refreshRequests(sso.emulator).map((r) => r.status)).toEqual([200]);
  expect(sso.emulator.admin.counters()['GetRoleCredentials']).toBe(16);

  const file = JSON.parse(await readFile(sso.h.tokenFile, 'utf8')) as {
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
      await fetch(`${sso.emulator.url}/token`, {
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

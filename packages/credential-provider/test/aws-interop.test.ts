import { readFile } from 'node:fs/promises';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { FileTokenStore } from '@ssokit/token-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromSso } from '../src/from-sso.js';
import {
  assertBuilt,
  type ChildResult,
  firstAssignment,
  makeSsoHome,
  pythonWithBotocore,
  refreshRequests,
  runNodeFixture,
  runPython,
  type SsoHome,
  signIn,
} from './helpers.js';

// Two emulators: tokens that live an hour (nobody needs to refresh) and tokens that live 4 minutes,
// inside the refresh window of all three tools (SDK v3: 5 min, botocore: 10 min, ssokit: 5 min).
let longLived: RunningEmulator;
let shortLived: RunningEmulator;
let assignment: { accountId: string; roleName: string };
const homes: SsoHome[] = [];

beforeAll(async () => {
  assertBuilt();
  longLived = await startEmulator({ pollIntervalSeconds: 1 });
  shortLived = await startEmulator({ pollIntervalSeconds: 1, accessTokenTtlSeconds: 240 });
  assignment = await firstAssignment(longLived);
});
afterAll(async () => {
  await Promise.all([longLived?.close(), shortLived?.close()]);
});
beforeEach(() => {
  longLived.admin.reset();
  shortLived.admin.reset();
});
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => h.cleanup()));
});

async function signedInHome(emulator: RunningEmulator): Promise<SsoHome> {
  const h = await makeSsoHome(emulator, assignment);
  homes.push(h);
  await signIn(emulator, h);
  emulator.admin.clearRequests();
  return h;
}

interface TokenFile {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  expiresAt: string;
}
const readTokenFile = async (h: SsoHome) => JSON.parse(await readFile(h.tokenFile, 'utf8')) as TokenFile;

function credentialsOf(r: ChildResult): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
} {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const c = JSON.parse(r.stdout) as { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  expect(c.accessKeyId).toMatch(/^ASIA[A-Z0-9]{12,}$/);
  expect(c.secretAccessKey.length).toBeGreaterThan(20);
  expect(c.sessionToken.length).toBeGreaterThan(20);
  return c;
}

/** Whether the emulator still accepts this refresh token (it rotates them: only the newest works). */
async function refreshTokenIsLive(emulator: RunningEmulator, t: TokenFile): Promise<boolean> {
  const r = await fetch(`${emulator.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      grantType: 'refresh_token',
      refreshToken: t.refreshToken,
    }),
  });
  await r.arrayBuffer();
  return r.ok;
}

/**
 * After another tool refreshed the session ssokit signed in to: the file holds a new access and
 * refresh token, ssokit's own refresh token is dead at the emulator, and ssokit's fromSso still gets
 * credentials, which it can only do by reading the other tool's file (it must refresh too, at 4 min
 * left, and the only live refresh token is the one the other tool wrote).
 */
async function ssokitUsesSessionRefreshedElsewhere(h: SsoHome, before: TokenFile): Promise<void> {
  const after = await readTokenFile(h);
  expect(after.accessToken).not.toBe(before.accessToken);
  expect(after.refreshToken).not.toBe(before.refreshToken);
  expect((await new FileTokenStore({ homeDir: h.home }).read(h.session))?.accessToken).toBe(
    after.accessToken,
  );

  const creds = await fromSso({ profile: 'dev', env: h.env, homeDir: h.home, roleCredentialCache: false })();
  expect(creds.accessKeyId).toMatch(/^ASIA/);
  expect(creds.accountId).toBe(assignment.accountId);
  expect(refreshRequests(shortLived).map((r) => r.status)).toEqual([200, 200]);
  expect(await refreshTokenIsLive(shortLived, before)).toBe(false);
  // ssokit wrote its refresh back where the other tool will find it
  expect((await readTokenFile(h)).refreshToken).not.toBe(after.refreshToken);
}

describe('AWS SDK v3 (fromSSO of @aws-sdk/credential-providers)', () => {
  it('gets role credentials from a session ssokit signed in to', async () => {
    const h = await signedInHome(longLived);
    const before = await readTokenFile(h);
    credentialsOf(await runNodeFixture('sdk-from-sso.mjs', ['dev'], h.env));
    expect(longLived.admin.counters()['GetRoleCredentials']).toBe(1);
    expect(refreshRequests(longLived)).toEqual([]);
    expect((await readTokenFile(h)).accessToken).toBe(before.accessToken);
  });

  it('refreshes a short-lived ssokit session through the emulator and rewrites the file ssokit reads', async () => {
    const h = await signedInHome(shortLived);
    const before = await readTokenFile(h);
    credentialsOf(await runNodeFixture('sdk-from-sso.mjs', ['dev'], h.env));
    expect(refreshRequests(shortLived).map((r) => r.status)).toEqual([200]);
    const after = await readTokenFile(h);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await refreshTokenIsLive(shortLived, before)).toBe(false);
    expect(await refreshTokenIsLive(shortLived, after)).toBe(true);
  });

  it("ssokit's fromSso uses a session the SDK's token provider refreshed and rewrote", async () => {
    const h = await signedInHome(shortLived);
    const before = await readTokenFile(h);
    credentialsOf(await runNodeFixture('sdk-from-sso.mjs', ['dev'], h.env));
    await ssokitUsesSessionRefreshedElsewhere(h, before);
  });

  it('uses a session ssokit refreshed after the SDK had written it', async () => {
    const h = await signedInHome(shortLived);
    credentialsOf(await runNodeFixture('sdk-from-sso.mjs', ['dev'], h.env)); // SDK refresh #1
    await fromSso({ profile: 'dev', env: h.env, homeDir: h.home, roleCredentialCache: false })(); // ssokit refresh #2
    const ours = await readTokenFile(h);
    credentialsOf(await runNodeFixture('sdk-from-sso.mjs', ['dev'], h.env)); // SDK refresh #3, with ssokit's token
    expect(refreshRequests(shortLived).map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await readTokenFile(h)).refreshToken).not.toBe(ours.refreshToken);
  });
});

const botocore = `
import json, boto3
c = boto3.Session(profile_name='dev').get_credentials().get_frozen_credentials()
print(json.dumps({"accessKeyId": c.access_key, "secretAccessKey": c.secret_key, "sessionToken": c.token}))
`;

describe.runIf(pythonWithBotocore())('botocore (boto3.Session(profile_name=...))', () => {
  it('gets role credentials from a session ssokit signed in to', async () => {
    const h = await signedInHome(longLived);
    const before = await readTokenFile(h);
    credentialsOf(await runPython(botocore, h.env));
    expect(longLived.admin.counters()['GetRoleCredentials']).toBe(1);
    expect(refreshRequests(longLived)).toEqual([]);
    expect((await readTokenFile(h)).accessToken).toBe(before.accessToken);
  });

  it('refreshes a short-lived ssokit session, and ssokit uses what botocore wrote', async () => {
    const h = await signedInHome(shortLived);
    const before = await readTokenFile(h);
    credentialsOf(await runPython(botocore, h.env));
    expect(refreshRequests(shortLived).map((r) => r.status)).toEqual([200]);
    await ssokitUsesSessionRefreshedElsewhere(h, before);
  });

  it('uses a session ssokit refreshed', async () => {
    const h = await signedInHome(shortLived);
    await fromSso({ profile: 'dev', env: h.env, homeDir: h.home, roleCredentialCache: false })(); // ssokit refresh
    const ours = await readTokenFile(h);
    credentialsOf(await runPython(botocore, h.env)); // botocore refresh with ssokit's refresh token
    expect(refreshRequests(shortLived).map((r) => r.status)).toEqual([200, 200]);
    expect((await readTokenFile(h)).refreshToken).not.toBe(ours.refreshToken);
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokenCacheKey } from '../src/cache-keys.js';
import { SsoAuth } from '../src/sso-auth.js';
import type { SsoSessionRef } from '../src/token.js';
import { tempHome } from './helpers.js';

// SsoAuth composed with the real oidc-client, against the emulator, with real files in a temp home.
let emulator: RunningEmulator;
let home: string;
let cleanup: () => Promise<void>;
let auth: SsoAuth;
let session: SsoSessionRef;

beforeAll(async () => {
  // 10-minute access tokens: inside the 15-minute refresh-ahead window from the start
  emulator = await startEmulator({ accessTokenTtlSeconds: 600, pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  emulator.admin.reset();
  auth = new SsoAuth({ homeDir: home, oidc: { endpoint: emulator.url } });
  session = { ssoSession: 'work', startUrl: emulator.startUrl, region: emulator.region };
});
afterEach(async () => {
  await auth.close();
  await cleanup();
});

const approveWhenPrompted = (prompt: { userCode: string }) => emulator.admin.approve(prompt.userCode);
const tokenFile = () => join(home, '.aws', 'sso', 'cache', `${tokenCacheKey(session)}.json`);

describe('SsoAuth against the emulator', () => {
  it('signs in with the device code, writes an AWS CLI token file, and keeps a valid session next time', async () => {
    const first = await auth.login(session, { flow: 'device-code', onDevicePrompt: approveWhenPrompted });
    expect(first.reused).toBe(false);
    const file = JSON.parse(await readFile(tokenFile(), 'utf8'));
    expect(file).toMatchObject({
      startUrl: emulator.startUrl,
      region: emulator.region,
      accessToken: first.token.accessToken,
    });
    expect(file.refreshToken).toBeTruthy();
    expect(file.clientId).toBeTruthy();
    expect(file.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const second = await auth.login(session, { flow: 'device-code', onDevicePrompt: approveWhenPrompted });
    expect(second.reused).toBe(true);
    expect(emulator.admin.counters()['StartDeviceAuthorization']).toBe(1);

    // --force signs in again, reusing the cached device registration (no second RegisterClient)
    const forced = await auth.login(session, {
      flow: 'device-code',
      force: true,
      onDevicePrompt: approveWhenPrompted,
    });
    expect(forced.reused).toBe(false);
    expect(emulator.admin.counters()['RegisterClient']).toBe(1);
    expect(emulator.admin.counters()['StartDeviceAuthorization']).toBe(2);
  });

  it('refreshes ahead through sso-oidc and stores the rotated refresh token', async () => {
    const { token } = await auth.login(session, { flow: 'device-code', onDevicePrompt: approveWhenPrompted });
    const refreshed = await auth.getAccessToken(session);
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    expect(refreshed.refreshToken).not.toBe(token.refreshToken);
    const file = JSON.parse(await readFile(tokenFile(), 'utf8'));
    expect(file.refreshToken).toBe(refreshed.refreshToken);
    const grants = emulator.admin
      .requests()
      .filter((r) => r.operation === 'CreateToken')
      .map((r) => (r.body as { grantType: string }).grantType);
    expect(grants).toEqual(['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token']);
  });

  it('signs in with PKCE, registering for the authorization-code grant with the loopback redirect', async () => {
    const auto = await startEmulator({ autoApprove: true });
    try {
      const s2 = { ssoSession: 'other', startUrl: auto.startUrl, region: auto.region };
      const p2 = new SsoAuth({ homeDir: home, oidc: { endpoint: auto.url } });
      // a browser that follows the redirects to the loopback callback
      const openBrowser = async (url: string) => {
        let next = url;
        for (let i = 0; i < 10; i++) {
          const res = await request(next, { method: 'GET' });
          await res.body.dump();
          const location = res.headers['location'];
          if (typeof location !== 'string') return;
          next = new URL(location, next).href;
        }
      };
      const out = await p2.login(s2, { flow: 'pkce', openBrowser, force: true });
      expect(out.reused).toBe(false);
      expect(out.token.refreshToken).toBeTruthy();
      const registered = auto.admin.requests().find((r) => r.operation === 'RegisterClient');
      expect(registered?.body).toMatchObject({
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: auto.startUrl,
        scopes: ['sso:account:access'],
      });
      await p2.close();
    } finally {
      await auto.close();
    }
  });

  it('legacy sessions get no refresh token and say which command signs in again', async () => {
    const legacy = { startUrl: emulator.startUrl, region: emulator.region };
    const { token } = await auth.login(legacy, { flow: 'device-code', onDevicePrompt: approveWhenPrompted });
    expect(token.refreshToken).toBeUndefined();
    expect(token.clientId).toBeUndefined();
    const registered = emulator.admin.requests().find((r) => r.operation === 'RegisterClient');
    expect(registered?.body).not.toHaveProperty('scopes');
    emulator.admin.advanceClock(11 * 60_000);
    await expect(
      new SsoAuth({
        homeDir: home,
        oidc: { endpoint: emulator.url },
        clock: { now: () => Date.now() + 11 * 60_000, sleep: async () => {} },
      }).getAccessToken(legacy, { profile: 'old' }),
    ).rejects.toThrow(/ssokit login --profile old/);
  });
});

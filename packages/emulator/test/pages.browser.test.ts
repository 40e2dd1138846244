import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { browserTestGate, chromiumLaunchOptions, saveScreenshot } from '../src/testing.js';
import { pkcePair, postJson } from './helpers.js';

const gate = browserTestGate();
if (!gate.run) console.warn(gate.reason);
const shots = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));

describe.skipIf(!gate.run)('pages in a real browser', () => {
  let browser: Browser;
  let emulator: RunningEmulator;
  let callback: Server;
  let callbackUrl: string;
  const received: URL[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch(chromiumLaunchOptions());
    emulator = await startEmulator({ pollIntervalSeconds: 1 });
    // a stand-in for the CLI's one-shot loopback callback server
    callback = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // the browser also asks for /favicon.ico
      if (url.pathname === '/oauth/callback') received.push(url);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1 id="cb">Callback received</h1>');
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/oauth/callback`;
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await new Promise((r) => callback?.close(r));
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    return context.newPage();
  }

  it('approves a device code typed by a person, and the poller then gets a token', async () => {
    const c = (
      await postJson(`${emulator.url}/client/register`, {
        clientName: 'Browser CLI',
        clientType: 'public',
        scopes: ['sso:account:access'],
      })
    ).json;
    const d = (await postJson(`${emulator.url}/device_authorization`, { ...c, startUrl: emulator.startUrl }))
      .json as {
      deviceCode: string;
      userCode: string;
      verificationUri: string;
    };
    const page = await newPage();
    await page.goto(d.verificationUri);
    await page.fill('#user_code', d.userCode.toLowerCase());
    await saveScreenshot(page, `${shots}device-1-code.png`);
    await page.click('#next');
    await page.check('input[value="bob"]');
    await saveScreenshot(page, `${shots}device-2-sign-in.png`);
    await page.click('#sign-in');
    await expect.poll(() => page.textContent('#client-name')).toBe('Browser CLI');
    expect(await page.textContent('main')).toContain('sso:account:access');
    await saveScreenshot(page, `${shots}device-3-consent.png`);
    await page.click('#allow');
    expect(await page.getAttribute('#result', 'data-result')).toBe('approved');
    await saveScreenshot(page, `${shots}device-4-approved.png`);
    const t = await postJson(`${emulator.url}/token`, {
      ...c,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: d.deviceCode,
    });
    expect(t.status).toBe(200);
    const accounts = await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': t.json.accessToken as string },
    });
    expect(((await accounts.json()) as { accountList: unknown[] }).accountList).toHaveLength(2);
    // the pre-filled link works too, and a used code shows the expired page
    await page.goto(`${emulator.url}/device?user_code=${d.userCode}`);
    expect(await page.inputValue('#user_code')).toBe(d.userCode);
    await page.click('#next');
    expect(await page.getAttribute('#result', 'data-result')).toBe('expired');
    await page.context().close();
  });

  async function authorizeUrl(state: string) {
    const c = (
      await postJson(`${emulator.url}/client/register`, {
        clientName: 'PKCE CLI',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: emulator.startUrl,
      })
    ).json as { clientId: string; clientSecret: string };
    const { verifier, challenge } = pkcePair();
    const url = `${emulator.url}/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: c.clientId,
      redirect_uri: callbackUrl,
      state,
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
      code_challenge: challenge,
    })}`;
    return { c, verifier, url };
  }

  it('completes a PKCE /authorize round-trip at the loopback redirect with code and the original state', async () => {
    const { c, verifier, url } = await authorizeUrl('state-allow-42');
    const page = await newPage();
    await page.goto(url);
    await page.click('#sign-in');
    await saveScreenshot(page, `${shots}pkce-consent.png`);
    await Promise.all([page.waitForURL(/\/oauth\/callback/), page.click('#allow')]);
    await saveScreenshot(page, `${shots}pkce-callback.png`);
    const landed = received.at(-1)!;
    expect(landed.searchParams.get('state')).toBe('state-allow-42');
    const code = landed.searchParams.get('code');
    expect(code).toBeTruthy();
    const t = await postJson(`${emulator.url}/token`, {
      ...c,
      grantType: 'authorization_code',
      code,
      redirectUri: callbackUrl,
      codeVerifier: verifier,
    });
    expect(t.status).toBe(200);
    expect(t.json.refreshToken).toBeTruthy();
    await page.context().close();
  });

  it('ends in access_denied when the person clicks Deny', async () => {
    const { url } = await authorizeUrl('state-deny-7');
    const page = await newPage();
    await page.goto(url);
    await page.click('#sign-in');
    await Promise.all([page.waitForURL(/\/oauth\/callback/), page.click('#deny')]);
    const landed = received.at(-1)!;
    expect(landed.searchParams.get('error')).toBe('access_denied');
    expect(landed.searchParams.get('state')).toBe('state-deny-7');
    expect(landed.searchParams.get('code')).toBeNull();
    await saveScreenshot(page, `${shots}pkce-denied.png`);
    await page.context().close();
  });
});

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { browserTestGate, chromiumLaunchOptions, PAGE, saveScreenshot } from '@ssokit/emulator/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizationCodeFlow } from '../src/authorization-code-flow.js';
import { isLoginError, LoginErrorCode } from '../src/errors.js';
import { SsoOidcClient } from '../src/sso-oidc-client.js';
import { listening } from './helpers.js';

const gate = browserTestGate();
if (!gate.run) console.warn(gate.reason);
const shots = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));

describe.skipIf(!gate.run)('authorizationCodeFlow with real Chromium on the emulator consent page', () => {
  let browser: Browser;
  let emulator: RunningEmulator;
  let client: SsoOidcClient;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch(chromiumLaunchOptions());
    emulator = await startEmulator();
    client = new SsoOidcClient({ region: emulator.region, endpoint: emulator.url, env: {} });
  });
  afterAll(async () => {
    await browser?.close();
    await client?.close();
    await emulator?.close();
  });

  /** A browser opener that signs in and clicks `button` on the consent page, as a person would. */
  function person(button: typeof PAGE.allow | typeof PAGE.deny, name: string) {
    let page: Page | undefined;
    let port = 0;
    const opener = async (url: string) => {
      port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
      const context = await browser.newContext({ viewport: { width: 800, height: 700 } });
      page = await context.newPage();
      await page.goto(url);
      await page.click(PAGE.signIn);
      await page.waitForSelector(button);
      await saveScreenshot(page, `${shots}${name}-consent.png`);
      await page.click(button);
      await page.waitForURL(/127\.0\.0\.1:\d+\/oauth\/callback/);
      await page.waitForSelector(PAGE.result);
    };
    return { opener, page: () => page!, port: () => port };
  }

  it('signs in when the person clicks Allow, and the browser lands on the close-this-window page', async () => {
    const p = person(PAGE.allow, 'pkce-allow');
    const { token } = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      openBrowser: p.opener,
    });
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    const page = p.page();
    await saveScreenshot(page, `${shots}pkce-allow-callback.png`);
    expect(await page.textContent(PAGE.result)).toBe('Request approved');
    expect(await page.textContent('body')).toMatch(/close this window/);
    expect(await listening(p.port())).toBe(false);
    await page.context().close();
  });

  it('stops with ERR_SSOKIT_ACCESS_DENIED when the person clicks Deny', async () => {
    const p = person(PAGE.deny, 'pkce-deny');
    const err = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      openBrowser: p.opener,
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.ACCESS_DENIED)).toBe(true);
    const page = p.page();
    await saveScreenshot(page, `${shots}pkce-deny-callback.png`);
    expect(await page.textContent(PAGE.result)).toBe('Access denied');
    await page.context().close();
  });
});

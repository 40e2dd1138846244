// `ssokit console --print` in a real browser: Debian's Chromium, driven by playwright-core, follows
// the printed URL through the emulator's sign-in federation to its console page, which must show
// the profile's account and role; the same URL with its token changed must be refused.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { browserTestGate, chromiumLaunchOptions, saveScreenshot } from '@ssokit/emulator/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, runCli, useEmulatorHome } from './helpers.js';

const gate = browserTestGate();
if (!gate.run) console.warn(gate.reason);
const shots = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));

describe.skipIf(!gate.run)('ssokit console in Chromium', () => {
  const h = useEmulatorHome({}, { dev: { accountId: '222222222222', roleName: 'DeveloperAccess' } });
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    expect((await loginAs(h.emulator, h.env, 'alice')).code).toBe(0);
    const r = await runCli(
      ['console', '--profile', 'dev', '--destination', 'ec2', '--region', 'eu-central-1', '--print'],
      {
        ...h.env,
        AWS_ENDPOINT_URL_SIGNIN: h.emulator.url,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    url = r.stdout.trim();
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('follows the printed URL to the emulated console, which shows the account and role', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.waitForSelector('#console-account');
    expect(new URL(page.url()).pathname).toBe('/console/ec2/home');
    expect(await page.textContent('#console-account')).toBe('222222222222');
    expect(await page.textContent('#console-role')).toBe('DeveloperAccess');
    expect(await page.textContent('#console-region')).toBe('eu-central-1');
    await saveScreenshot(page, `${shots}console-signed-in.png`);
  });

  it('refuses the URL with a tampered token, and no console session starts', async () => {
    const tampered = new URL(url);
    const token = tampered.searchParams.get('SigninToken')!;
    // one character of the signed payload changed
    const i = 5;
    tampered.searchParams.set(
      'SigninToken',
      token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1),
    );
    const page = await (await browser.newContext()).newPage();
    const response = await page.goto(tampered.href);
    expect(response?.status()).toBe(400);
    expect(await page.textContent('#result')).toMatch(/Something is wrong/);
    expect(await page.textContent('main')).toMatch(/sign-in token is not valid/);
    const console_ = await page.goto(`${h.emulator.url}/console/ec2/home`);
    expect(console_?.status()).toBe(401);
  });
});

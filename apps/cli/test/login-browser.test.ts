// `ssokit login` in a real browser: the CLI opens the sign-in URL through BROWSER (a script written
// here that only records the URL), and Debian's Chromium, driven by playwright-core, signs in on the
// emulator's pages as a directory user and clicks Allow. The CLI must then exit 0 with a token file
// that works against the portal as that user.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { browserTestGate, chromiumLaunchOptions, saveScreenshot } from '@ssokit/emulator/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './helpers.js';

const gate = browserTestGate();
if (!gate.run) console.warn(gate.reason);
const run = gate.run;

const shots = fileURLToPath(new URL('../test-output/screenshots/', import.meta.url));
const SESSION = 'browser-test';

type Cli = ReturnType<typeof startCli>;
/** What the CLI printed so far: its stdout, then its stderr. */
const output = (c: Cli) => c.stdout() + c.stderr();

describe.skipIf(!run)('ssokit login in Chromium', () => {
  let browser: Browser;
  let emulator: RunningEmulator;
  let home: string;
  let urlFile: string;
  let cli: Cli | undefined;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    emulator = await startEmulator({ pollIntervalSeconds: 1 });
    browser = await chromium.launch(chromiumLaunchOptions());
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
  });

  // every test gets a fresh home, so no cached token or registration leaks between the flows
  function freshHome(): void {
    home = mkdtempSync(join(tmpdir(), 'ssokit-login-browser-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'config'),
      `[sso-session ${SESSION}]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\n` +
        'sso_registration_scopes = sso:account:access\n',
    );
    urlFile = join(home, 'opened-url.txt');
    // the injected opener: records the URL (written whole, then renamed, so a reader never sees half)
    const opener = join(home, 'record-url.sh');
    writeFileSync(
      opener,
      `#!/bin/sh\nprintf '%s' "$1" > '${urlFile}.tmp' && mv '${urlFile}.tmp' '${urlFile}'\n`,
    );
    chmodSync(opener, 0o755);
  }
  afterEach(async () => {
    if (cli && cli.child.exitCode === null) {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
    cli = undefined;
    rmSync(home, { recursive: true, force: true });
  });

  function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
    const env = { ...process.env } as Record<string, string>;
    for (const name of Object.keys(env)) {
      if (/^AWS_/.test(name)) delete env[name];
    }
    return {
      ...env,
      HOME: home,
      BROWSER: join(home, 'record-url.sh'),
      AWS_ENDPOINT_URL: emulator.url,
      NO_COLOR: '1',
      ...extra,
    };
  }

  /** The URL the CLI handed to BROWSER, once it has. */
  async function openedUrl(): Promise<URL> {
    await expect
      .poll(() => existsSync(urlFile) || cli?.child.exitCode !== null, { timeout: 15_000, interval: 50 })
      .toBe(true);
    if (!existsSync(urlFile))
      throw new Error(`the CLI exited without opening a browser:\n${cli && output(cli)}`);
    return new URL(readFileSync(urlFile, 'utf8'));
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    return context.newPage();
  }

  /** The person signs in as bob (not the pre-selected first user) and allows access. */
  async function signInAndAllow(page: Page, prefix: string): Promise<void> {
    await page.check('input[name="user"][value="bob"]');
    await saveScreenshot(page, `${shots}${prefix}-2-sign-in.png`);
    await page.click('#sign-in');
    await page.waitForSelector('#allow');
    await saveScreenshot(page, `${shots}${prefix}-3-consent.png`);
  }

  /** The token file (design notes, Cache files): sha1hex(session name).json, readable only by the owner. */
  function tokenFile(): { accessToken: string; refreshToken?: string; startUrl: string } {
    const name = createHash('sha1').update(SESSION).digest('hex');
    const path = join(home, '.aws', 'sso', 'cache', `${name}.json`);
    expect(existsSync(path), `token file ${path}`).toBe(true);
    return JSON.parse(readFileSync(path, 'utf8'));
  }

  /** The saved token belongs to bob: the portal shows bob's two accounts, not alice's three. */
  async function expectBobsToken(accessToken: string): Promise<void> {
    const res = await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': accessToken },
    });
    expect(res.status).toBe(200);
    const { accountList } = (await res.json()) as { accountList: { accountId: string }[] };
    expect(accountList.map((a) => a.accountId).sort()).toEqual(['111111111111', '333333333333']);
  }

  it('signs in with the device code: the CLI opens verificationUriComplete and the person allows it', async () => {
    freshHome();
    // CI=1: the flow the CLI picks in CI anyway; --device-code makes it independent of the machine
    cli = startCli(['login', '--sso-session', SESSION, '--device-code'], cliEnv({ CI: '1' }), {
      timeoutMs: 60_000,
    });
    const url = await openedUrl();
    expect(`${url.origin}${url.pathname}`).toBe(`${emulator.url}/device`);
    const userCode = url.searchParams.get('user_code');
    expect(userCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // the code the terminal shows is the one in the URL, so the person can check they match
    await expect.poll(() => output(cli!)).toContain(userCode!);

    const page = await newPage();
    await page.goto(url.href);
    expect(await page.inputValue('#user_code')).toBe(userCode);
    await saveScreenshot(page, `${shots}cli-device-1-code.png`);
    await page.click('#next');
    await signInAndAllow(page, 'cli-device');
    await page.click('#allow');
    expect(await page.getAttribute('#result', 'data-result')).toBe('approved');
    await saveScreenshot(page, `${shots}cli-device-4-approved.png`);
    await page.context().close();

    expect((await cli.exited).code, output(cli)).toBe(0);
    expect(output(cli)).toContain(`Signed in to sso-session ${SESSION}`);
    const token = tokenFile();
    expect(token.startUrl).toBe(emulator.startUrl);
    expect(token.refreshToken).toBeTruthy();
    await expectBobsToken(token.accessToken);
  });

  it('signs in with the browser flow (PKCE): Chromium lands on the loopback callback of the CLI', async () => {
    freshHome();
    // PKCE is the default flow, but under CI, in a container or without a display ssokit picks the
    // device code by itself; --pkce keeps the browser flow (and CI=1 proves it overrides that)
    cli = startCli(['login', '--sso-session', SESSION, '--pkce'], cliEnv({ CI: '1' }), { timeoutMs: 60_000 });
    const url = await openedUrl();
    expect(`${url.origin}${url.pathname}`).toBe(`${emulator.url}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const redirect = new URL(url.searchParams.get('redirect_uri')!);
    expect(redirect.hostname).toBe('127.0.0.1');

    const page = await newPage();
    await page.goto(url.href);
    await saveScreenshot(page, `${shots}cli-pkce-1-authorize.png`);
    await signInAndAllow(page, 'cli-pkce');
    await Promise.all([
      page.waitForURL((u) => u.origin === redirect.origin && u.pathname === redirect.pathname),
      page.click('#allow'),
    ]);
    await saveScreenshot(page, `${shots}cli-pkce-4-callback.png`);
    await page.context().close();

    expect((await cli.exited).code, output(cli)).toBe(0);
    expect(output(cli)).not.toContain('device code');
    const token = tokenFile();
    expect(token.refreshToken).toBeTruthy();
    await expectBobsToken(token.accessToken);
  });
});

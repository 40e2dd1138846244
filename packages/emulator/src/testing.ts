/**
 * Helpers for browser tests against the emulator's pages, for ssokit's own tests and yours:
 * where Chromium is and how to launch it on a locked-down machine, whether browser tests should
 * run, and the selectors of the pages a person clicks through. No browser library is imported:
 * pass {@link chromiumLaunchOptions} to playwright-core's `chromium.launch()` (or puppeteer's).
 * Import from `@ssokit/emulator/testing`.
 *
 * @example
 * ```ts
 * import { chromium } from 'playwright-core';
 * import { browserTestGate, chromiumLaunchOptions, PAGE } from '@ssokit/emulator/testing';
 *
 * const gate = browserTestGate();
 * if (!gate.run) console.warn(gate.reason);
 * const browser = await chromium.launch(chromiumLaunchOptions());
 * const page = await browser.newPage();
 * await page.goto(authorizeUrl); // the URL the flow under test opens
 * await page.click(PAGE.signIn);
 * await page.click(PAGE.allow);
 * ```
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

/**
 * Launch options for a headless Chromium on a machine with no network but loopback: no sandbox
 * (containers, root), and none of the background requests Chromium makes to Google's hosts.
 *
 * @example
 * ```ts
 * import { chromium } from 'playwright-core';
 *
 * const browser = await chromium.launch(chromiumLaunchOptions());
 * ```
 */
export function chromiumLaunchOptions(env: Readonly<Record<string, string | undefined>> = process.env): {
  executablePath: string;
  args: string[];
} {
  return {
    executablePath: chromiumPath(env),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}

/**
 * Whether browser tests should run: always under CI (a missing Chromium must fail there, not
 * skip), elsewhere only when Chromium is installed; `reason` says why they are skipped.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 *
 * const gate = browserTestGate();
 * if (!gate.run) console.warn(gate.reason);
 * describe.skipIf(!gate.run)('in a real browser', () => {
 *   it('opens the page', async () => {});
 * });
 * ```
 */
export function browserTestGate(env: Readonly<Record<string, string | undefined>> = process.env): {
  run: boolean;
  reason?: string;
} {
  if (env['CI']) return { run: true };
  const path = chromiumPath(env);
  if (existsSync(path)) return { run: true };
  return {
    run: false,
    reason: `skipping browser tests: no Chromium at ${path} (apt-get install chromium, or set CHROMIUM_PATH)`,
  };
}

/**
 * The selectors of the emulator's pages: the user-code form (`/device`), the sign-in page (pick a
 * user, then `signIn`), the consent page (`allow` / `deny`) and the result page.
 *
 * @example
 * ```ts
 * await page.fill(PAGE.userCode, 'ABCD-EFGH');
 * await page.click(PAGE.next);
 * ```
 */
export const PAGE = Object.freeze({
  userCode: '#user_code',
  next: '#next',
  user: (userName: string) => `input[name="user"][value="${userName}"]`,
  signIn: '#sign-in',
  clientName: '#client-name',
  allow: '#allow',
  deny: '#deny',
  result: '#result',
});

/** The one method of a page (playwright's or puppeteer's) that {@link saveScreenshot} uses. */
export interface ScreenshotTaker {
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
}

/**
 * Saves a screenshot as test output without letting it fail the test: Chromium now and then
 * answers "Unable to capture screenshot" on a loaded machine, and a picture kept for people to look
 * at is not an assertion. Tries twice, then warns.
 *
 * @example
 * ```ts
 * await saveScreenshot(page, 'test-output/screenshots/consent.png');
 * ```
 */
export async function saveScreenshot(
  page: ScreenshotTaker,
  path: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path, ...options });
      return;
    } catch (error) {
      if (attempt >= 2) {
        console.warn(`screenshot ${path} not saved: ${(error as Error).message.split('\n')[0]}`);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

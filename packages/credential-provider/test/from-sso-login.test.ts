// fromSso({ login }) signs in when nobody has: its options are checked before anything happens, and
// without an onDevicePrompt of the caller's the device-code prompt is shown on stderr, so a
// headless process never waits out the code's lifetime for an approval nobody was asked for.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { ValidationError } from '@ssokit/protocol';
import { startProcess, waitForOutput } from '@ssokit/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromSso } from '../src/from-sso.js';
import { assertBuilt, firstAssignment, makeSsoHome, type SsoHome } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));

let emulator: RunningEmulator;
let assignment: { accountId: string; roleName: string };
const homes: SsoHome[] = [];
beforeAll(async () => {
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
  assignment = await firstAssignment(emulator);
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await Promise.all(homes.splice(0).map((h) => h.cleanup()));
});
async function home(): Promise<SsoHome> {
  const h = await makeSsoHome(emulator, assignment);
  homes.push(h);
  return h;
}

describe('fromSso login options', () => {
  it('are checked when fromSso is called, before any request', () => {
    emulator.admin.reset();
    const bad: unknown[] = [
      'yes',
      null,
      { flow: 'browser' },
      { onDevicePrompt: 'console' },
      { openBrowser: true },
      { timeoutMs: -1 },
      { timeoutMs: Number.NaN },
      { clientName: '' },
    ];
    for (const login of bad) {
      expect(() => fromSso({ profile: 'dev', login: login as never }), JSON.stringify(login)).toThrow(
        ValidationError,
      );
    }
    expect(() => fromSso({ profile: 'dev', login: { flow: 'browser' as never } })).toThrow(
      /login\.flow must be 'pkce' or 'device-code'/,
    );
    expect(emulator.admin.requests()).toEqual([]);
  });

  it('without onDevicePrompt, the URL and code go to promptOutput and the sign-in completes', async () => {
    const h = await home();
    const written: string[] = [];
    const creds = await fromSso({
      profile: 'dev',
      env: h.env,
      homeDir: h.home,
      login: { flow: 'device-code' },
      promptOutput: {
        write: (text: string) => {
          written.push(text);
          const code = /code ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(text)?.[1];
          if (code) emulator.admin.approve(code);
        },
      },
    })();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    const text = written.join('');
    expect(text).toContain('profile dev');
    expect(text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/device\?user_code=[A-Z0-9-]+/);
  });

  it('on a headless machine, `login: {}` shows the prompt on stderr at once (another process)', async () => {
    assertBuilt();
    const h = await home();
    const run = startProcess(process.execPath, [join(here, 'fixtures', 'ssokit-from-sso-login.mjs'), 'dev'], {
      // an SSH session with no display: the device code is the only flow that can work
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        NODE_NO_WARNINGS: '1',
        SSH_CONNECTION: '10.0.0.1 22',
        ...h.env,
      },
      timeoutMs: 30_000,
    });
    const userCode = () => /user_code=([A-Z0-9-]+)/.exec(run.stderr())?.[1];
    await waitForOutput(run.stderr, () => userCode() !== undefined, 10_000);
    const code = userCode()!;
    expect(run.stderr()).toMatch(new RegExp(`shows the code ${code}`));
    emulator.admin.approve(code);
    const { code: exitCode, stdout, stderr } = await run.exited;
    expect(exitCode, stderr).toBe(0);
    expect(JSON.parse(stdout).accessKeyId).toMatch(/^ASIA/);
  }, 30_000);
});

// What a person sees when something is wrong: one `error:` line that says what and where, a hint,
// the documented exit code (src/errors.ts), never a stack trace, never a secret.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/errors.js';
import {
  assertBuilt,
  hasStackTrace,
  makeHome,
  type RunResult,
  runCli,
  sessionConfig,
  setTokenExpiry,
  startCli,
  type TestHome,
  tokenFile,
  tokenSecrets,
  waitForOutput,
} from './helpers.js';

let emulator: RunningEmulator;
const homes: TestHome[] = [];
/** Every stderr, and every secret the tests' token files held: none may appear in any stderr. */
const results: RunResult[] = [];
const secrets: string[] = [];

const PROFILES = {
  dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' },
  broken: { accountId: '111111111111' },
};

async function home(config: string): Promise<TestHome> {
  const h = await makeHome(emulator, config);
  homes.push(h);
  return h;
}

async function cli(h: TestHome | Record<string, string>, ...args: string[]): Promise<RunResult> {
  const r = await runCli(args, 'env' in h ? (h as TestHome).env : (h as Record<string, string>));
  results.push(r);
  return r;
}

/** Exactly one `error:` line, containing every fragment; nothing on stdout. */
function expectError(r: RunResult, exitCode: number, ...fragments: Array<string | RegExp>): string {
  expect(r.code, r.stderr).toBe(exitCode);
  expect(r.stdout).toBe('');
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(errorLines, r.stderr).toHaveLength(1);
  const line = errorLines[0]!;
  for (const f of fragments) {
    if (typeof f === 'string') expect(line).toContain(f);
    else expect(line).toMatch(f);
  }
  expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
  return line;
}

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ autoApprove: true, pollIntervalSeconds: 1 });
});

afterAll(async () => {
  await emulator?.close();
  await Promise.all(homes.map((h) => h.cleanup()));
});

describe('configuration errors exit 3', () => {
  it('an unknown profile is named, with the profiles there are', async () => {
    const h = await home(sessionConfig(emulator, PROFILES));
    for (const command of [['credentials'], ['accounts'], ['login', '--no-browser']]) {
      const r = await cli(h, ...command, '--profile', 'nope');
      const line = expectError(r, ExitCode.CONFIG, 'nope', h.configFile);
      expect(line).toContain('dev');
      expect(line).toContain('broken');
    }
  });

  it('a profile without sso_role_name names the key, the profile and the file', async () => {
    const h = await home(sessionConfig(emulator, PROFILES));
    const r = await cli(h, 'credentials', '--profile', 'broken');
    expectError(r, ExitCode.CONFIG, 'sso_role_name', 'broken', h.configFile);
  });

  it('an invalid region in the config is named with where it is set', async () => {
    const config = sessionConfig(emulator, PROFILES).replace(
      `sso_region = ${emulator.region}`,
      'sso_region = moon-base-1',
    );
    const h = await home(config);
    for (const command of [['credentials'], ['accounts'], ['login', '--device-code', '--no-browser']]) {
      const r = await cli(h, ...command, '--profile', 'dev');
      expectError(r, ExitCode.CONFIG, 'moon-base-1', 'sso-session work');
    }
    expect(emulator.admin.counters()['RegisterClient'] ?? 0).toBe(0);
  });
});

describe('sign-in errors exit 4 and say which command signs in', () => {
  it('not signed in', async () => {
    const h = await home(sessionConfig(emulator, PROFILES));
    for (const command of [['credentials'], ['accounts'], ['roles'], ['credentials', '--format', 'env']]) {
      const r = await cli(h, ...command, '--profile', 'dev');
      expectError(r, ExitCode.LOGIN_REQUIRED, 'ssokit login --profile dev');
    }
  });

  it('an expired session whose refresh fails', async () => {
    const h = await home(sessionConfig(emulator, PROFILES));
    const login = await cli(h, 'login', '--profile', 'dev', '--device-code', '--no-browser');
    expect(login.code, login.stderr).toBe(0);
    secrets.push(...(await tokenSecrets(h.home)));
    // an administrator ended the sessions, and two hours have passed on both sides
    emulator.admin.revokeRefreshTokens();
    emulator.admin.advanceClock(2 * 3_600_000);
    await setTokenExpiry(h.home, new Date(Date.now() - 3_600_000));
    await rm(join(h.home, '.aws', 'cli', 'cache'), { recursive: true, force: true });
    const refreshesBefore = emulator.admin
      .requests()
      .filter(
        (q) => q.operation === 'CreateToken' && JSON.stringify(q.body).includes('refresh_token'),
      ).length;

    for (const command of [
      ['credentials'],
      ['accounts'],
      ['credentials', '--debug'],
      ['accounts', '--debug'],
    ]) {
      const r = await cli(h, ...command, '--profile', 'dev');
      expectError(r, ExitCode.LOGIN_REQUIRED, 'ssokit login --profile dev');
    }
    const refreshes = emulator.admin
      .requests()
      .filter((q) => q.operation === 'CreateToken' && JSON.stringify(q.body).includes('refresh_token'));
    // it did try to refresh, and the emulator said no
    expect(refreshes.length).toBeGreaterThan(refreshesBefore);
    expect(refreshes.every((q) => q.status >= 400)).toBe(true);
    expect(emulator.admin.counters()['GetRoleCredentials'] ?? 0).toBe(0);
  });
});

describe('an unreachable service exits 6', () => {
  it('with the emulator stopped after sign-in', async () => {
    const down = await startEmulator({ autoApprove: true, pollIntervalSeconds: 1 });
    const h = await makeHome(down, sessionConfig(down, PROFILES));
    homes.push(h);
    const login = await cli(h, 'login', '--profile', 'dev', '--device-code', '--no-browser');
    expect(login.code, login.stderr).toBe(0);
    secrets.push(...(await tokenSecrets(h.home)));
    await down.close();

    for (const command of [
      ['accounts', '--profile', 'dev'],
      ['credentials', '--profile', 'dev'],
      ['login', '--profile', 'dev', '--device-code', '--no-browser', '--force'],
    ]) {
      const r = await cli(h, ...command);
      expectError(r, ExitCode.UNAVAILABLE, down.url);
      expect(r.stderr).toMatch(/^hint: .*(network|endpoint|AWS_ENDPOINT_URL)/m);
    }
  });
});

describe('Ctrl-C exits 130', () => {
  it('while login waits for the device code to be approved', async () => {
    const manual = await startEmulator({ pollIntervalSeconds: 1 });
    const h = await makeHome(manual, sessionConfig(manual, PROFILES));
    homes.push(h);
    try {
      const run = startCli(['login', '--profile', 'dev', '--device-code', '--no-browser'], h.env);
      await waitForOutput(run.stderr, (s) => s.includes('Waiting for you to approve'));
      expect(manual.admin.pendingDeviceAuthorizations()).toHaveLength(1);
      run.child.kill('SIGINT');
      const r = await run.exited;
      results.push(r);
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(ExitCode.INTERRUPTED);
      expect(r.stderr).toMatch(/interrupted/);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(existsSync(tokenFile(h.home))).toBe(false);
    } finally {
      await manual.close();
    }
  });
});

describe('usage errors exit 2', () => {
  it('an unknown command, an unknown flag, a bad --format', async () => {
    const h = await home(sessionConfig(emulator, PROFILES));
    expectError(await cli(h, 'fly'), ExitCode.USAGE, 'fly');
    expectError(await cli(h, 'status', '--bogus'), ExitCode.USAGE, '--bogus');
    expectError(await cli(h, 'credentials', '--profile', 'dev', '--bogus'), ExitCode.USAGE, '--bogus');
    expectError(await cli(h, 'credentials', '--profile', 'dev', '--format', 'yaml'), ExitCode.USAGE, 'yaml');
    expectError(await cli(h, 'populate'), ExitCode.USAGE, '--sso-session');
  });
});

describe('a reader that goes away early', () => {
  it('ends the command quietly, without a stack trace (`ssokit --help | head -1`)', async () => {
    const h = await home(sessionConfig(emulator, PROFILES));
    for (const args of [['--help'], ['credentials', '--help'], ['status']]) {
      const run = startCli(args, h.env);
      run.child.stdout.destroy(); // before the child has started: its first write fails with EPIPE
      const r = await run.exited;
      expect(hasStackTrace(r.stderr), `${args.join(' ')}: ${r.stderr}`).toBe(false);
      expect(r.stderr, args.join(' ')).not.toMatch(/EPIPE/);
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});

describe('every error above', () => {
  it('kept every secret of the token files out of stderr', async () => {
    expect(results.length).toBeGreaterThan(20);
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const r of results) for (const s of secrets) expect(r.stderr).not.toContain(s);
  });

  it('a missing config file is named, with how to create one, and is not created', async () => {
    const h = await home('');
    const r = await cli(h, 'credentials', '--profile', 'dev');
    expectError(r, ExitCode.CONFIG, h.configFile, 'ssokit configure');
    const accounts = await cli(h, 'accounts');
    expectError(accounts, ExitCode.CONFIG, 'sso-session');
    expect(accounts.stderr).toMatch(/^hint: .*ssokit configure/m);
    expect(existsSync(h.configFile)).toBe(false);
  });
});

// What a person sees when something is wrong: one `error:` line that says what and where, a hint,
// the documented exit code (src/errors.ts), never a stack trace, never a secret.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { LoginError, LoginErrorCode } from '@ssokit/oidc-client';
import { SsokitError } from '@ssokit/protocol';
import { CacheWriteError, LockTimeoutError } from '@ssokit/token-core';
import { TransportError } from '@ssokit/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError, ExitCode } from '../src/errors.js';
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

/** Like {@link expectError}, for checks of the whole of stderr (the hint too); returns stderr. */
function failed(r: RunResult, exitCode: number): string {
  expectError(r, exitCode);
  return r.stderr;
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

describe('did you mean', () => {
  it('an unknown command', async () => {
    const h = await home('');
    expect(failed(await cli(h, 'acounts'), ExitCode.USAGE)).toMatch(/did you mean accounts\?/i);
  });

  it.each([
    ['login', '--devic-code', '--device-code'],
    ['logout', '--al', '--all'],
    ['status', '--jsn', '--json'],
    ['accounts', '--jsno', '--json'],
    ['roles', '--acount', '--account'],
    ['configure', '--start-ur', '--start-url'],
    ['populate --sso-session work', '--dryrun', '--dry-run'],
    ['demo', '--interactiv', '--interactive'],
    ['credentials', '--profil', '--profile'],
    ['credentials', '--sso-sesion', '--sso-session'],
    ['credentials', '--acount-id', '--account-id'],
  ])('%s %s suggests %s', async (command, typo, meant) => {
    const h = await home('');
    const stderr = failed(await cli(h, ...command.split(' '), typo, 'x'), ExitCode.USAGE);
    expect(stderr).toContain(typo);
    expect(stderr.toLowerCase()).toContain(`did you mean ${meant}?`);
  });

  it('credentials --format', async () => {
    const h = await home('');
    const stderr = failed(await cli(h, 'credentials', '--format', 'evn'), ExitCode.USAGE);
    expect(stderr).toContain('did you mean env?');
  });
});

describe('lists of what there is', () => {
  it('an unknown profile among thousands: capped, with the nearest name', async () => {
    const names = Array.from({ length: 2000 }, (_, i) => `acct${String(i).padStart(4, '0')}.ReadOnly`);
    const h = await home(
      sessionConfig(
        emulator,
        Object.fromEntries(names.map((n) => [n, { accountId: '111111111111', roleName: 'ReadOnly' }])),
      ),
    );
    for (const command of [['credentials'], ['accounts'], ['login', '--no-browser']]) {
      const stderr = failed(await cli(h, ...command, '--profile', 'acct1999.ReadOnyl'), ExitCode.CONFIG);
      expect(stderr.length, command[0]).toBeLessThan(1500);
      expect(stderr).toContain('and 1980 more');
      expect(stderr).toContain('Did you mean "acct1999.ReadOnly"?');
    }
  });

  it('"which session?" lists the sessions (capped) and picks none of them', async () => {
    const sessions = Array.from({ length: 30 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const h = await home(sessions.map((s) => sessionConfig(emulator, {}, s)).join('\n'));
    const stderr = failed(await cli(h, 'accounts'), ExitCode.USAGE);
    expect(stderr).toContain('has 30: "s00"');
    expect(stderr).toContain('and 10 more');
    expect(stderr).not.toContain('--sso-session s00');
    expect(stderr).toContain('--sso-session NAME');
  });

  it('a misspelled key is pointed out', async () => {
    const h = await home(
      `${sessionConfig(emulator)}\n[profile dev]\nsso_sesion = work\nsso_account_id = 111111111111\nsso_role_name = ReadOnlyAccess\n`,
    );
    const stderr = failed(await cli(h, 'credentials', '--profile', 'dev'), ExitCode.CONFIG);
    expect(stderr).toContain('sso_sesion (did you mean sso_session?)');
  });
});

describe('configure without a terminal', () => {
  it('names the flags it would have asked for', async () => {
    const h = await home('');
    const stderr = failed(
      await cli(h, 'configure', '--sso-session', 'work', '--region', 'eu-west-1'),
      ExitCode.USAGE,
    );
    expect(stderr).toContain('--start-url, --profile, --account-id, --role-name');
    expect(stderr).not.toMatch(/--sso-session,|--region,/);
  });
});

describe('failures with exit codes of their own', () => {
  it('a malformed answer from the service exits 9', async () => {
    const h = await home(
      sessionConfig(emulator, { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } }),
    );
    const login = await cli(h, 'login', '--profile', 'dev', '--device-code', '--no-browser');
    expect(login.code, login.stderr).toBe(0);
    secrets.push(...(await tokenSecrets(h.home)));
    emulator.admin.injectFault({ route: 'ListAccounts', kind: 'malformed-json', count: 10 });
    try {
      const stderr = failed(await cli(h, 'accounts', '--profile', 'dev'), ExitCode.BAD_RESPONSE);
      expect(stderr).toMatch(/^hint: .*AWS_ENDPOINT_URL/m);
    } finally {
      emulator.admin.clearFaults();
    }
  });

  it('a cache that cannot be written exits 8', async () => {
    const h = await home(
      sessionConfig(emulator, { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } }),
    );
    // sysfs refuses new files to everyone, root included, so ~/.aws/sso/cache cannot be created
    const env = { ...h.env, HOME: '/sys/ssokit-test-home', USERPROFILE: '/sys/ssokit-test-home' };
    const r = await cli(env, 'login', '--profile', 'dev', '--device-code', '--no-browser');
    const stderr = failed(r, ExitCode.WRITE_FAILED);
    expect(stderr).toContain('/sys/ssokit-test-home');
  });
});

describe('describeError gives each failure its documented exit code', () => {
  const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
  it.each([
    [
      'a lock held too long',
      new LockTimeoutError('/home/me/.aws/sso/cache/x.json.lock', 5000),
      ExitCode.LOCK_BUSY,
    ],
    [
      'a cache file not written',
      new CacheWriteError('/home/me/.aws/sso/cache/x.json', { cause: eacces }),
      ExitCode.WRITE_FAILED,
    ],
    [
      'a config file not written (EROFS)',
      Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }),
      ExitCode.WRITE_FAILED,
    ],
    [
      'a full disk',
      Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
      ExitCode.WRITE_FAILED,
    ],
    [
      'an answer that is not the API',
      new TransportError('ERR_SSOKIT_INVALID_RESPONSE', 'ListAccounts answered 200 with invalid JSON'),
      ExitCode.BAD_RESPONSE,
    ],
    [
      'a browser callback without a code',
      new LoginError(
        LoginErrorCode.AUTHORIZATION_FAILED,
        'The browser returned to the callback without an authorization code.',
        { flow: 'pkce' },
      ),
      ExitCode.LOGIN_FAILED,
    ],
    [
      'a sign-in in progress elsewhere',
      new SsokitError('ERR_SSOKIT_SIGN_IN_IN_PROGRESS', 'A sign-in is in progress (pid 42).'),
      ExitCode.LOGIN_REQUIRED,
    ],
  ])('%s', (_what, error, exitCode) => {
    const described = describeError(error);
    expect(described.exitCode).toBe(exitCode);
    expect(described.message).not.toMatch(/^unexpected error/);
  });

  it('the codes are distinct, and --help documents every one of them', async () => {
    const codes = Object.values(ExitCode);
    expect(new Set(codes).size).toBe(codes.length);
    const help = await runCli(['--help'], { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' });
    const table = help.stdout.slice(help.stdout.indexOf('Exit codes:'));
    for (const code of codes) expect(table).toMatch(new RegExp(`(^|\\s)${code}\\s{2}\\S`, 'm'));
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

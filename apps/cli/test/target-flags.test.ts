// The flags that name what a command acts on (--profile, or --sso-session with --account-id and
// --role-name) mean the same on every command, and a mix of them is a usage error, never a guess:
// `credentials` output is eval'd into shells, so printing one target's credentials when another was
// asked for is the worst thing it could do. Both paths of `credentials` are checked: the fast path
// (dist/credentials.cjs, what `ssokit credentials` runs) as a process, the commander path in process.
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../src/errors.js';
import { main } from '../src/main.js';
import { hasStackTrace, runCli, useEmulatorHome } from './helpers.js';

const DEV = { accountId: '111111111111', roleName: 'ReadOnlyAccess' };
const OTHER = ['--account-id', '222222222222', '--role-name', 'AdministratorAccess'];
const h = useEmulatorHome({ autoApprove: true, pollIntervalSeconds: 1 }, { dev: DEV });

beforeAll(async () => {
  // signed in, so that a command that ignored the clash would print credentials and exit 0
  const login = await runCli(['login', '--profile', 'dev', '--device-code', '--no-browser'], h.env);
  expect(login.code, login.stderr).toBe(0);
});

/** Each combination the rule refuses, and the flags its message must name. */
const REFUSED: Array<{ args: string[]; names: string[] }> = [
  { args: ['--profile', 'dev', ...OTHER], names: ['--profile', '--account-id', '--role-name'] },
  {
    args: ['--profile', 'dev', '--sso-session', 'work', ...OTHER],
    names: ['--profile', '--sso-session', '--account-id', '--role-name'],
  },
  { args: ['--profile', 'dev', '--sso-session', 'work'], names: ['--profile', '--sso-session'] },
  { args: ['--profile', 'dev', '--account-id', '222222222222'], names: ['--profile', '--account-id'] },
  { args: ['--profile', 'dev', '--role-name', 'AdministratorAccess'], names: ['--profile', '--role-name'] },
  { args: ['--sso-session', 'work', '--account-id', '222222222222'], names: ['--account-id', '--role-name'] },
  {
    args: ['--sso-session', 'work', '--role-name', 'AdministratorAccess'],
    names: ['--role-name', '--account-id'],
  },
  { args: OTHER, names: ['--account-id', '--role-name', '--sso-session'] },
  { args: ['--account-id', '222222222222'], names: ['--account-id', '--role-name'] },
  { args: ['--sso-session', 'work'], names: ['--sso-session', '--account-id', '--role-name'] },
  {
    args: ['--sso-session', 'work', '--account-id', 'abc', '--role-name', 'ReadOnlyAccess'],
    names: ['--account-id', 'abc', '12 digits'],
  },
  {
    args: ['--sso-session', 'work', '--account-id', '11111111111', '--role-name', 'ReadOnlyAccess'],
    names: ['--account-id', '11111111111', '12 digits'],
  },
];

describe('credentials, fast path (the process credential_process runs)', () => {
  it.each(REFUSED)('$args is a usage error naming the flags', async ({ args, names }) => {
    const r = await runCli(['credentials', ...args], h.env);
    expect(r.code, r.stderr).toBe(ExitCode.USAGE);
    expect(r.stdout).toBe('');
    for (const n of names) expect(r.stderr).toContain(n);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('still prints credentials for a profile, or for a session, account and role', async () => {
    for (const args of [
      ['--profile', 'dev'],
      ['--sso-session', 'work', '--account-id', DEV.accountId, '--role-name', DEV.roleName],
    ]) {
      const r = await runCli(['credentials', ...args], h.env);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1 });
    }
  });

  it('fetched no credentials for any refused combination', () => {
    const fetched = h.emulator.admin.requests().filter((q) => q.operation === 'GetRoleCredentials');
    expect(fetched.every((q) => JSON.stringify(q).includes(DEV.accountId))).toBe(true);
  });
});

/** Runs the commander program in this process; resolves to the error it threw (or undefined). */
async function commanderError(argv: string[]): Promise<{ message: string; exitCode: number } | undefined> {
  try {
    await main(argv);
    return undefined;
  } catch (e) {
    return e as { message: string; exitCode: number };
  }
}

describe('credentials, commander path', () => {
  it.each(REFUSED)('$args is a usage error naming the flags', async ({ args, names }) => {
    const e = await commanderError(['credentials', ...args]);
    expect(e?.exitCode, e?.message).toBe(ExitCode.USAGE);
    for (const n of names) expect(e!.message + String((e as { hint?: string }).hint)).toContain(n);
  });
});

describe('every other command that takes these flags', () => {
  it.each(['login', 'logout', 'accounts', 'roles'])('%s: --profile with --sso-session', async (command) => {
    const e = await commanderError([command, '--profile', 'dev', '--sso-session', 'work']);
    expect(e?.exitCode, e?.message).toBe(ExitCode.USAGE);
    expect(e!.message).toContain('--profile');
    expect(e!.message).toContain('--sso-session');
  });

  it('configure: --account-id is 12 digits (its --profile names the profile to write, so it clashes with nothing)', async () => {
    const e = await commanderError([
      'configure',
      '--sso-session',
      'work',
      '--profile',
      'new',
      '--account-id',
      '1234',
      '--role-name',
      'ReadOnlyAccess',
    ]);
    expect(e?.exitCode, e?.message).toBe(ExitCode.USAGE);
    expect(e!.message).toContain('--account-id "1234"');
  });
});

describe('roles --account', () => {
  it('that is not an account id is a usage error', async () => {
    for (const account of ['abc', '12345', '1111111111111']) {
      const r = await runCli(['roles', '--profile', 'dev', '--account', account], h.env);
      expect(r.code, r.stderr).toBe(ExitCode.USAGE);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`--account "${account}" is not an AWS account id`);
    }
  });

  it('that is not one of your accounts says so and fails', async () => {
    const r = await runCli(['roles', '--profile', 'dev', '--account', '999999999999'], h.env);
    expect(r.code, r.stderr).toBe(ExitCode.FAILURE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('account 999999999999 is not one of your accounts');
    expect(r.stderr).toMatch(/^hint: .*ssokit accounts/m);
    // one digit off one of yours: that one is suggested
    const near = await runCli(['roles', '--profile', 'dev', '--account', '111111111112'], h.env);
    expect(near.code, near.stderr).toBe(ExitCode.FAILURE);
    expect(near.stderr).toContain('did you mean 111111111111?');
  });

  it('that is one of your accounts lists its roles', async () => {
    const r = await runCli(['roles', '--profile', 'dev', '--account', DEV.accountId], h.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(DEV.roleName);
  });
});

// Every command of `ssokit`, end to end: the built CLI as a child process, a temporary home, the
// emulator (auto-approving device codes as alice) behind the endpoint variables.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultOrganization } from '@ssokit/emulator';
import { describe, expect, it } from 'vitest';
import {
  expectCredentialProcess,
  hasStackTrace,
  listDir,
  makeHome,
  type RunResult,
  runCli,
  sessionConfig,
  startCli,
  tokenFile,
  tokenSecrets,
  useEmulatorHome,
  waitForOutput,
} from './helpers.js';

const execFileP = promisify(execFile);

const h = useEmulatorHome(
  { autoApprove: true, pollIntervalSeconds: 1 },
  { dev: { accountId: '111111111111', roleName: 'ReadOnlyAccess' } },
);
const outputs: RunResult[] = [];
const alice = defaultOrganization().users.find((u) => u.userName === 'alice')!;
const accounts = defaultOrganization().accounts;

/** Runs the CLI in the shared home and keeps its output for the no-secret check at the end. */
async function cli(...args: string[]): Promise<RunResult> {
  const r = await runCli(args, h.env);
  outputs.push(r);
  return r;
}

describe('ssokit, signed in with a device code', () => {
  it('login signs in with the device code and shows the URL and code', async () => {
    const r = await cli('login', '--profile', 'dev', '--device-code', '--no-browser');
    expect(r.stderr).toContain(`${h.emulator.url}/device`);
    const code = /user_code=([A-Z0-9-]+)/.exec(r.stderr)?.[1];
    expect(code).toBeDefined();
    // the code is shown on its own too, for typing it in by hand
    expect(r.stderr.replace(`user_code=${code}`, '')).toContain(code);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Signed in to sso-session work/);
    expect(r.stderr).toMatch(/refreshes automatically/);
    expect(existsSync(tokenFile(h.home))).toBe(true);
    expect(h.emulator.admin.counters()['StartDeviceAuthorization']).toBe(1);
  });

  it('a second login reuses the session and says so; --force signs in again', async () => {
    const again = await cli('login', '--profile', 'dev', '--device-code', '--no-browser');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Already signed in/);
    expect(again.stderr).toMatch(/--force/);
    expect(h.emulator.admin.counters()['StartDeviceAuthorization']).toBe(1);

    const before = JSON.parse(await readFile(tokenFile(h.home), 'utf8')) as { accessToken: string };
    const forced = await cli('login', '--sso-session', 'work', '--device-code', '--no-browser', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toMatch(/Signed in to sso-session work/);
    expect(h.emulator.admin.counters()['StartDeviceAuthorization']).toBe(2);
    const after = JSON.parse(await readFile(tokenFile(h.home), 'utf8')) as { accessToken: string };
    expect(after.accessToken).not.toBe(before.accessToken);
  });

  it('status shows the session as a table and as JSON', async () => {
    const table = await cli('status');
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/SESSION\s+START URL\s+REGION\s+EXPIRES IN\s+REFRESHES/);
    expect(row).toContain('work');
    expect(row).toContain(h.emulator.startUrl);
    expect(row).toContain(h.emulator.region);
    expect(row).toMatch(/\b(59m|1h 00m)\b/);
    expect(row).toMatch(/\byes\b/);

    const json = await cli('status', '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    const s = rows[0]!;
    expect(s).toMatchObject({
      session: 'work',
      startUrl: h.emulator.startUrl,
      region: h.emulator.region,
      refreshable: true,
    });
    expect(Date.parse(s['expiresAt'] as string)).toBeGreaterThan(Date.now() + 55 * 60_000);
    expect(s['expiresInSeconds']).toBeGreaterThan(55 * 60);
    expect(s['expiresInSeconds']).toBeLessThanOrEqual(3600);
    expect(Date.parse(s['registrationExpiresAt'] as string)).toBeGreaterThan(Date.now());
  });

  it('--no-color turns the colour of the table off where FORCE_COLOR would turn it on', async () => {
    const { NO_COLOR: _, ...env } = h.env;
    const coloured = await runCli(['status'], { ...env, FORCE_COLOR: '1' });
    expect(coloured.code, coloured.stderr).toBe(0);
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await runCli(['--no-color', 'status'], { ...env, FORCE_COLOR: '1' });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('SESSION');
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('accounts lists the organisation as a table and as JSON', async () => {
    const json = await cli('accounts', '--profile', 'dev', '--json');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as Array<{ accountId: string; accountName: string }>;
    const assigned = new Set(alice.assignments.map((a) => a.accountId));
    const expected = accounts.filter((a) => assigned.has(a.accountId));
    expect(list.map((a) => [a.accountId, a.accountName]).sort()).toEqual(
      expected.map((a) => [a.accountId, a.accountName]).sort(),
    );
    expect(list.map((a) => a.accountId).sort()).toEqual(['111111111111', '222222222222', '333333333333']);

    const table = await cli('accounts', '--sso-session', 'work');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/ACCOUNT ID\s+NAME/);
    expect(lines).toHaveLength(1 + expected.length);
    for (const a of expected) {
      expect(lines.some((l) => l.includes(a.accountId) && l.includes(a.accountName))).toBe(true);
    }
    for (const [id, name] of [
      ['111111111111', 'Production'],
      ['222222222222', 'Staging'],
      ['333333333333', 'Sandbox'],
    ]) {
      expect(table.stdout).toMatch(new RegExp(`${id}\\s+${name}`));
    }
  });

  it('roles lists every role of every account, or of one account', async () => {
    const json = await cli('roles', '--profile', 'dev', '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{
      accountId: string;
      accountName?: string;
      roleName: string;
    }>;
    const expected = alice.assignments.flatMap((a) => a.roleNames.map((r) => `${a.accountId}/${r}`)).sort();
    expect(rows.map((r) => `${r.accountId}/${r.roleName}`).sort()).toEqual(expected);
    for (const r of rows) {
      expect(r.accountName).toBe(accounts.find((a) => a.accountId === r.accountId)!.accountName);
    }

    const table = await cli('roles', '--profile', 'dev');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/ACCOUNT ID\s+ACCOUNT NAME\s+ROLE/);
    expect(lines).toHaveLength(1 + expected.length);
    expect(table.stdout).toMatch(/222222222222\s+Staging\s+DeveloperAccess/);

    const one = await cli('roles', '--profile', 'dev', '--account', '333333333333', '--json');
    expect(one.code).toBe(0);
    expect(
      (JSON.parse(one.stdout) as Array<{ accountId: string; roleName: string }>)
        .map((r) => `${r.accountId}/${r.roleName}`)
        .sort(),
    ).toEqual(['333333333333/AdministratorAccess', '333333333333/ReadOnlyAccess']);
  });

  it('credentials prints credential_process JSON by default', async () => {
    const r = await cli('credentials', '--profile', 'dev');
    expect(r.code).toBe(0);
    const c = expectCredentialProcess(r.stdout);
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(r.stderr).toBe('');
    expect(h.emulator.admin.counters()['GetRoleCredentials']).toBe(1);
    // AWS_PROFILE names the profile when --profile is not given; the role cache answers
    const viaEnv = await runCli(['credentials'], { ...h.env, AWS_PROFILE: 'dev' });
    outputs.push(viaEnv);
    expect(viaEnv.code).toBe(0);
    expect(expectCredentialProcess(viaEnv.stdout).AccessKeyId).toBe(c.AccessKeyId);
    expect(h.emulator.admin.counters()['GetRoleCredentials']).toBe(1);
  });

  it('credentials --format env and env-no-export can be evaluated by sh', async () => {
    const reference = expectCredentialProcess((await cli('credentials', '--profile', 'dev')).stdout);
    for (const format of ['env', 'env-no-export']) {
      const r = await cli('credentials', '--profile', 'dev', '--format', format);
      expect(r.code).toBe(0);
      // `export` makes them visible to a child (env); without it they are shell variables only
      const script =
        format === 'env'
          ? 'eval "$CREDS"; env | grep "^AWS_" | sort'
          : 'eval "$CREDS"; printf "AWS_ACCESS_KEY_ID=%s\\nAWS_SECRET_ACCESS_KEY=%s\\nAWS_SESSION_TOKEN=%s\\nAWS_CREDENTIAL_EXPIRATION=%s\\n" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"; env | grep -c "^AWS_ACCESS_KEY_ID=" || true';
      const { stdout } = await execFileP('sh', ['-c', script], {
        env: { PATH: h.env['PATH'], CREDS: r.stdout },
      });
      const vars = Object.fromEntries(
        stdout
          .split('\n')
          .filter((l) => l.startsWith('AWS_'))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(vars).toEqual({
        AWS_ACCESS_KEY_ID: reference.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: reference.SecretAccessKey,
        AWS_SESSION_TOKEN: reference.SessionToken,
        AWS_CREDENTIAL_EXPIRATION: reference.Expiration,
      });
      if (format === 'env-no-export') expect(stdout.trimEnd().split('\n').at(-1)).toBe('0');
    }
  });

  it('credentials --format powershell, windows-cmd, fish and json carry the same credentials', async () => {
    const ref = expectCredentialProcess((await cli('credentials', '--profile', 'dev')).stdout);
    const expectVars = (text: string, line: (k: string, v: string) => string) => {
      for (const [k, v] of [
        ['AWS_ACCESS_KEY_ID', ref.AccessKeyId],
        ['AWS_SECRET_ACCESS_KEY', ref.SecretAccessKey],
        ['AWS_SESSION_TOKEN', ref.SessionToken],
      ] as const) {
        expect(text.split(/\r?\n/)).toContain(line(k, v));
      }
    };
    const ps = await cli('credentials', '--profile', 'dev', '--format', 'powershell');
    expect(ps.code).toBe(0);
    expectVars(ps.stdout, (k, v) => `$Env:${k}="${v}"`);
    const cmd = await cli('credentials', '--profile', 'dev', '--format', 'windows-cmd');
    expect(cmd.code).toBe(0);
    expectVars(cmd.stdout, (k, v) => `set ${k}=${v}`);
    const fish = await cli('credentials', '--profile', 'dev', '--format', 'fish');
    expect(fish.code).toBe(0);
    expectVars(fish.stdout, (k, v) => `set -gx ${k} "${v}"`);

    const json = await cli('credentials', '--profile', 'dev', '--format', 'json');
    expect(json.code).toBe(0);
    const j = JSON.parse(json.stdout) as Record<string, string>;
    expect(j).toMatchObject({
      accessKeyId: ref.AccessKeyId,
      secretAccessKey: ref.SecretAccessKey,
      sessionToken: ref.SessionToken,
      accountId: '111111111111',
    });
    expect(Date.parse(j['expiration']!)).toBe(Date.parse(ref.Expiration));
  });

  it('credentials --sso-session with --account-id and --role-name needs no profile', async () => {
    const r = await cli(
      'credentials',
      '--sso-session',
      'work',
      '--account-id',
      '222222222222',
      '--role-name',
      'DeveloperAccess',
    );
    expect(r.code).toBe(0);
    expectCredentialProcess(r.stdout);
  });

  it('populate writes a working profile for every role', async () => {
    const r = await cli('populate', '--sso-session', 'work');
    expect(r.code).toBe(0);
    const config = await readFile(h.configFile, 'utf8');
    const expected = alice.assignments.flatMap((a) =>
      a.roleNames.map((role) => `${accounts.find((x) => x.accountId === a.accountId)!.accountName}.${role}`),
    );
    for (const name of expected) expect(config).toContain(`[profile ${name}]`);
    const creds = await cli('credentials', '--profile', 'Staging.DeveloperAccess');
    expect(creds.code).toBe(0);
    expectCredentialProcess(creds.stdout);
  });

  it('logout signs out at the service, deletes the token and role credentials, keeps the registration', async () => {
    const cacheDir = join(h.home, '.aws', 'sso', 'cache');
    const roleCacheDir = join(h.home, '.aws', 'cli', 'cache');
    const before = await listDir(cacheDir);
    const registrations = before.filter((f) => join(cacheDir, f) !== tokenFile(h.home));
    expect(before).toContain(tokenFile(h.home).slice(cacheDir.length + 1));
    expect(registrations.length).toBeGreaterThan(0);
    expect((await listDir(roleCacheDir)).length).toBeGreaterThan(0);
    const secrets = await tokenSecrets(h.home);

    const r = await cli('logout');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Signed out of 1 session/);
    expect(h.emulator.admin.counters()['Logout']).toBe(1);
    const logoutCall = h.emulator.admin.requests().find((q) => q.operation === 'Logout');
    expect(logoutCall?.status).toBe(200);
    expect(existsSync(tokenFile(h.home))).toBe(false);
    expect(await listDir(roleCacheDir)).toEqual([]);
    expect(await listDir(cacheDir)).toEqual(registrations);

    // signed out: the next command says how to sign in again
    const after = await cli('accounts', '--profile', 'dev');
    expect(after.code).toBe(4);
    expect(after.stderr).toContain('ssokit login --profile dev');
    for (const o of outputs) for (const s of secrets) expect(o.stderr).not.toContain(s);
  });

  it('no command printed a stack trace', () => {
    expect(outputs.length).toBeGreaterThan(15);
    for (const o of outputs) expect(hasStackTrace(o.stderr), o.stderr).toBe(false);
  });
});

describe('ssokit emulator', () => {
  it('prints its JSON line, serves sign-ins, and stops on SIGTERM', async () => {
    const run = startCli(['emulator', '--port', '0', '--auto-approve'], { PATH: process.env['PATH'] ?? '' });
    await waitForOutput(run.stdout, (s) => s.includes('\n'));
    const info = JSON.parse(run.stdout().split('\n')[0]!) as {
      url: string;
      startUrl: string;
      region: string;
    };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.startUrl.startsWith(info.url)).toBe(true);
    expect(info.region).toBe('us-east-1');

    // a real sign-in against it: --auto-approve approves as the first user
    const home = await makeHome(info, sessionConfig(info));
    try {
      const login = await runCli(
        ['login', '--sso-session', 'work', '--device-code', '--no-browser'],
        home.env,
      );
      expect(login.code, login.stderr).toBe(0);
    } finally {
      await home.cleanup();
    }

    run.child.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    const port = Number(new URL(info.url).port);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});

describe('--help', () => {
  const commands = [
    'login',
    'logout',
    'status',
    'accounts',
    'roles',
    'credentials',
    'configure',
    'populate',
    'emulator',
    'demo',
  ];
  it.each(commands)('ssokit %s --help explains the command and shows an example', async (command) => {
    const r = await runCli([command, '--help'], { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' });
    expect(r.code).toBe(0);
    const help = r.stdout + r.stderr;
    expect(help).toMatch(/usage:/i);
    expect(help).toMatch(/examples?:/i);
    expect(help).toMatch(new RegExp(`\\$ ssokit ${command}\\b`));
  });

  it('ssokit --help lists every command, the exit codes and an example', async () => {
    const r = await runCli(['--help'], { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' });
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/examples?:/i);
  });
});

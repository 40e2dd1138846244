// A portal that sends hostile names: account and role names with line breaks, `=`, `[`, terminal
// escape sequences (clear screen, window title, colours, one-byte CSI), bidirectional overrides,
// 10 KB strings and other scripts. The emulator serves them as IAM Identity Center would serve what
// an administrator typed; `populate`, `configure`, `accounts`, `roles` and `credentials` must write
// no line the user did not ask for, print no raw escape sequence, and not crash.
import { readFile } from 'node:fs/promises';
import { type DirectoryFixture, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileNameFor } from '../src/config/populate-plan.js';
import {
  assertBuilt,
  BIN,
  hasStackTrace,
  makeHome,
  type RunResult,
  runCli,
  sessionConfig,
  type TestHome,
} from './helpers.js';
import { loadConfigWithSdk } from './sdk-loader.js';

const LONG = 'L'.repeat(10 * 1024);
const INJECT = 'credential_process = sh -c "touch /tmp/ssokit-pwned"';
const HOSTILE_ROLES = [
  `Admin\n${INJECT}`,
  'Admin\r[profile pwned]',
  'Eq=Role,x',
  '[Bracket]',
  'Title\u001b]0;owned\u0007\u001b[2J\u001b[H',
  'Csi\u009b2J',
  LONG,
  'Ünïcødé-角色',
  'Bidi\u202eevil',
  'GoodRole',
];
const fixture: DirectoryFixture = {
  accounts: [
    {
      accountId: '111111111111',
      accountName: `Evil\n[profile pwned]\n${INJECT}`,
      emailAddress: 'evil\u001b[2J@example.com',
      roles: HOSTILE_ROLES,
    },
    {
      accountId: '222222222222',
      accountName: `${LONG}\u001b[31m`,
      emailAddress: `${LONG}@example.com`,
      roles: ['GoodRole'],
    },
    {
      accountId: '333333333333',
      accountName: 'Acme Corp (Prod) R&D, 日本 = [x]',
      emailAddress: 'acme@example.com',
      roles: ['ReadOnly'],
    },
  ],
  users: [
    {
      userName: 'alice',
      assignments: [
        { accountId: '111111111111', roleNames: HOSTILE_ROLES },
        { accountId: '222222222222', roleNames: ['GoodRole'] },
        { accountId: '333333333333', roleNames: ['ReadOnly'] },
      ],
    },
  ],
};

/** Raw control characters a terminal acts on: C0 except line feed, DEL, C1, bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** What every command must hold to, whatever the portal sent. */
function expectSafeTerminal(r: RunResult, label: string): void {
  expect(r.signal, label).toBeNull();
  expect(hasStackTrace(r.stderr), `${label}: ${r.stderr.slice(0, 500)}`).toBe(false);
  expect(r.stderr, label).not.toMatch(/unexpected error/);
  for (const [stream, text] of [
    ['stderr', r.stderr],
    ['stdout', r.stdout],
  ] as const) {
    expect(RAW_CONTROL.test(text), `${label}: raw control character on ${stream}`).toBe(false);
    for (const line of text.split('\n'))
      expect(line.length, `${label}: a ${stream} line of ${line.length} characters`).toBeLessThan(2200);
  }
}

let emulator: RunningEmulator;
let t: TestHome;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ fixture, autoApprove: { user: 'alice' }, pollIntervalSeconds: 1 });
  t = await makeHome(emulator, sessionConfig(emulator));
  const login = await runCli(['login', '--sso-session', 'work', '--device-code', '--no-browser'], t.env);
  expect(login.code, login.stderr).toBe(0);
});

afterAll(async () => {
  await emulator?.close();
  await t?.cleanup();
});

/** Every profile's keys as the SDK reads them; only what populate/configure write may be there. */
async function expectOnlyIntendedKeys(): Promise<Record<string, Record<string, string | undefined>>> {
  const text = await readFile(t.configFile, 'utf8');
  expect(RAW_CONTROL.test(text.replace(/\r/g, ''))).toBe(false);
  expect(text).not.toMatch(/^\s*\[\s*profile pwned\s*\]/m);
  expect(text).not.toMatch(/^\s*credential_process\s*=\s*sh/m);
  const sections = await loadConfigWithSdk(t.configFile);
  expect(Object.keys(sections)).not.toContain('pwned');
  const allowed = new Set(['sso_session', 'sso_account_id', 'sso_role_name', 'region', 'credential_process']);
  for (const [name, section] of Object.entries(sections)) {
    if (name.startsWith('sso-session.')) continue;
    for (const key of Object.keys(section ?? {})) expect(allowed.has(key), `${name}: ${key}`).toBe(true);
    const cp = section?.['credential_process'];
    if (cp)
      // `ssokit`, or (ssokit is not on the tests' PATH) Node and the CLI by absolute path
      expect(cp, name).toMatch(
        new RegExp(
          `^(?:ssokit|${`${process.execPath} ${BIN}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}) credentials --sso-session work --account-id \\d{12} --role-name [\\w+=,.@-]{1,32}$`,
        ),
      );
  }
  return sections as never;
}

describe('a portal with hostile account and role names', () => {
  it('accounts and roles show them escaped and cut, and JSON gives them back exactly', async () => {
    for (const args of [['accounts'], ['roles'], ['roles', '--account', '111111111111']]) {
      const r = await runCli([...args, '--sso-session', 'work'], t.env);
      expect(r.code, r.stderr).toBe(0);
      expectSafeTerminal(r, args.join(' '));
      expect(r.stdout).toContain('111111111111');
    }
    const table = await runCli(['roles', '--sso-session', 'work'], t.env);
    expect(table.stdout).toContain('Title\\u001b]0;owned\\u0007\\u001b[2J');
    expect(table.stdout).toContain('Ünïcødé-角色');

    const json = await runCli(['roles', '--sso-session', 'work', '--json'], t.env);
    expect(json.code, json.stderr).toBe(0);
    const roles = (JSON.parse(json.stdout) as Array<{ roleName: string }>).map((r) => r.roleName);
    expect(roles).toEqual(expect.arrayContaining(HOSTILE_ROLES));
  });

  it('populate writes only valid profiles, warns about the rest, and nothing is injected', async () => {
    for (const extra of [[], ['--credential-process', '--prune']]) {
      const r = await runCli(['populate', '--sso-session', 'work', ...extra], t.env);
      expect(r.code, r.stderr).toBe(0);
      const sections = await expectOnlyIntendedKeys();
      expectSafeTerminal(r, `populate ${extra.join(' ')}`);
      // every refused name is named, escaped
      expect(r.stderr).toContain(`role Admin\\n${INJECT}`);
      expect(r.stderr).toContain('role Title\\u001b]0;owned\\u0007\\u001b[2J');
      expect(r.stderr).toMatch(/role L{60}…\(\d+ more\)/);
      const profiles = Object.keys(sections).filter((n) => !n.startsWith('sso-session.'));
      const expected = [
        ['111111111111', 'Eq=Role,x'],
        ['111111111111', 'GoodRole'],
        ['222222222222', 'GoodRole'],
        ['333333333333', 'ReadOnly'],
      ].map(([accountId, roleName]) =>
        profileNameFor(
          '{accountName}.{roleName}',
          {
            accountId: accountId!,
            roleName: roleName!,
            accountName: fixture.accounts.find((a) => a.accountId === accountId)!.accountName,
          },
          'work',
        ),
      );
      expect(expected).toContain('Acme-Corp-Prod-R-D-x.ReadOnly');
      expect(profiles.sort()).toEqual(expected.sort());
    }
  });

  it('credentials with a hostile role name fails cleanly; a valid one works', async () => {
    const ok = await runCli(
      ['credentials', '--sso-session', 'work', '--account-id', '111111111111', '--role-name', 'Eq=Role,x'],
      t.env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ Version: 1 });
    // roles that are not assigned: the error names them
    for (const role of [HOSTILE_ROLES[0]!, HOSTILE_ROLES[4]!, LONG, `${HOSTILE_ROLES[4]!}x`, `${LONG}x`]) {
      const r = await runCli(
        ['credentials', '--sso-session', 'work', '--account-id', '111111111111', '--role-name', role],
        t.env,
      );
      expectSafeTerminal(r, `credentials --role-name ${JSON.stringify(role.slice(0, 20))}`);
    }
  });

  it('configure offers only valid roles, shows names escaped, and writes no injected line', async () => {
    const flags = ['--sso-session', 'work', '--start-url', emulator.startUrl, '--region', emulator.region];
    const bad = await runCli(
      [
        'configure',
        ...flags,
        '--profile',
        'x',
        '--account-id',
        '111111111111',
        '--role-name',
        HOSTILE_ROLES[0]!,
      ],
      t.env,
    );
    expect(bad.code).toBe(2);
    expectSafeTerminal(bad, 'configure with a hostile --role-name');

    const r = await runCli(
      [
        'configure',
        ...flags,
        '--profile',
        'evil-good',
        '--account-id',
        '111111111111',
        '--role-name',
        'GoodRole',
        '--device-code',
      ],
      { ...t.env, CI: '1', BROWSER: 'true' },
    );
    expect(r.code, r.stderr).toBe(0);
    expectSafeTerminal(r, 'configure');
    expect(r.stderr).toContain('skipped role Admin\\n');
    const sections = await expectOnlyIntendedKeys();
    expect(sections['evil-good']).toEqual({
      sso_session: 'work',
      sso_account_id: '111111111111',
      sso_role_name: 'GoodRole',
      region: emulator.region,
    });
  });
});

// `ssokit configure` in a real pseudo-terminal: tmux runs the built CLI in a detached session of a
// fixed size, the test types into it with send-keys and reads the screen with capture-pane, as a
// person would. The emulator approves the device code as alice at once, so the sign-in in the middle
// of configure needs no browser.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Terminal, tmuxAvailable } from './tmux-terminal.js';

const execFileAsync = promisify(execFile);
const bin = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
const run = tmuxAvailable('configure');

/** The keys and values of one section of an INI file, read independently of the CLI's own parser. */
function section(ini: string, header: string): Record<string, string> | undefined {
  const lines = ini.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `[${header}]`);
  if (start < 0) return undefined;
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*([^=#;\s]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The screen from the last occurrence of `marker` on: what the current prompt shows. */
function after(screen: string, marker: string): string {
  return screen.slice(screen.lastIndexOf(marker));
}

describe.skipIf(!run)('ssokit configure in a terminal', () => {
  let emulator: RunningEmulator;
  let home: string;
  let term: Terminal | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ autoApprove: { user: 'alice' }, pollIntervalSeconds: 1 });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(() => {
    term?.close();
    term = undefined;
    rmSync(home, { recursive: true, force: true });
  });

  /** Starts `ssokit configure` in a clean environment: a temporary HOME, the emulator's endpoint. */
  function startConfigure(): Terminal {
    home = mkdtempSync(join(tmpdir(), 'ssokit-configure-tty-'));
    mkdirSync(join(home, '.aws'));
    const browser = join(home, 'no-browser.sh');
    writeFileSync(browser, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      AWS_ENDPOINT_URL: emulator.url,
      // configure signs in with the default flow; CI makes that the device code on any machine, and
      // BROWSER keeps the device URL from opening anywhere (the emulator approves it by itself)
      CI: '1',
      BROWSER: browser,
    };
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const script = join(home, 'run.sh');
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        `env -i ${Object.entries(env)
          .map(([k, v]) => `${k}=${q(v)}`)
          .join(' ')} ${q(process.execPath)} ${q(bin)} configure`,
        `echo $? > ${q(join(home, 'exit-code'))}`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    return new Terminal(home, script);
  }

  it('asks for the session, signs in, filters accounts and roles as you type, and writes the profile', async () => {
    term = startConfigure();
    await term.waitFor('SSO session name');
    term.type('work', true);
    await term.waitFor('Start URL');
    term.type(emulator.startUrl, true);
    await term.waitFor('IAM Identity Center region');
    term.type(emulator.region, true);
    // the profile's own region, apart from Identity Center's (its default)
    await term.waitFor("Region for the profile's AWS calls");
    term.type('eu-west-1', true);
    await term.waitFor('Registration scopes');
    term.type('sso:account:access', true);

    // signed in (device code, approved by the emulator), then the account list: alice has three
    let screen = await term.waitFor((s) => s.includes('Account (type to filter)') && s.includes('Staging'));
    expect(screen).toContain('Signed in to sso-session work');
    for (const name of ['Production (111111111111)', 'Staging (222222222222)', 'Sandbox (333333333333)'])
      expect(after(screen, 'Account (type to filter)')).toContain(name);

    term.type('sand');
    screen = await term.waitFor((s) => !after(s, 'Account (type to filter)').includes('Staging'));
    const filtered = after(screen, 'Account (type to filter)');
    expect(filtered).toContain('Sandbox (333333333333)');
    expect(filtered).not.toContain('Production');
    term.press('Enter');

    // Sandbox's roles only
    screen = await term.waitFor((s) => after(s, 'Role (type to filter)').includes('ReadOnlyAccess'));
    const roles = after(screen, 'Role (type to filter)');
    expect(roles).toContain('AdministratorAccess');
    expect(roles).not.toContain('PowerUserAccess');
    term.type('read');
    screen = await term.waitFor((s) => !after(s, 'Role (type to filter)').includes('AdministratorAccess'));
    term.press('Enter');

    // the suggested profile name is accepted with Enter
    screen = await term.waitFor('Profile name');
    expect(after(screen, 'Profile name')).toContain('Sandbox.ReadOnlyAccess');
    term.press('Enter');
    expect(await term.exitCode()).toBe(0);
    screen = term.screen();
    expect(screen).toContain('Profile Sandbox.ReadOnlyAccess is ready');

    const config = readFileSync(join(home, '.aws', 'config'), 'utf8');
    expect(section(config, 'sso-session work')).toEqual({
      sso_start_url: emulator.startUrl,
      sso_region: emulator.region,
      sso_registration_scopes: 'sso:account:access',
    });
    expect(section(config, 'profile Sandbox.ReadOnlyAccess')).toMatchObject({
      sso_session: 'work',
      sso_account_id: '333333333333',
      sso_role_name: 'ReadOnlyAccess',
      region: 'eu-west-1',
    });

    // the profile works: credential_process output for the chosen account
    // (asynchronously: the emulator answers from this process)
    const creds = await execFileAsync(
      process.execPath,
      [bin, 'credentials', '--profile', 'Sandbox.ReadOnlyAccess'],
      { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: emulator.url } },
    );
    expect(JSON.parse(creds.stdout)).toMatchObject({ Version: 1, AccountId: '333333333333' });
  });

  it('writes nothing when the first question is cancelled with Ctrl-C', async () => {
    term = startConfigure();
    await term.waitFor('SSO session name');
    term.type('half-typed');
    await term.waitFor('half-typed');
    term.press('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(term.screen()).toContain('Nothing was written');
    expect(existsSync(join(home, '.aws', 'config'))).toBe(false);
  });
});

describe('ssokit configure without a terminal', () => {
  it('refuses with a usage error and writes nothing, even with every flag it has', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ssokit-configure-notty-'));
    try {
      // the account and role would still be asked; an empty stdin must not end in status 0
      const r = await execFileAsync(
        process.execPath,
        [
          bin,
          'configure',
          '--sso-session',
          'work',
          '--start-url',
          'http://127.0.0.1:9/start',
          '--region',
          'us-east-1',
          '--profile',
          'dev',
        ],
        { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' } },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => e,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: configure asks questions and needs a terminal$/m);
      expect(r.stderr).toMatch(/^hint: .*ssokit populate/m);
      expect(existsSync(join(home, '.aws', 'config'))).toBe(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

// Shell completion as a person meets it: `eval "$(ssokit completion bash)"` in a real bash in a tmux
// pane, then Tab. Profiles and sessions come from the config, account ids from the AWS CLI role cache.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertBuilt, BIN, runCli } from './helpers.js';
import { Terminal, tmuxAvailable } from './tmux-terminal.js';

const run = tmuxAvailable('completion');
let home: string;
let term: Terminal | undefined;
let env: Record<string, string>;

beforeEach(() => {
  assertBuilt();
  home = mkdtempSync(join(tmpdir(), 'ssokit-completion-'));
  mkdirSync(join(home, '.aws', 'cli', 'cache'), { recursive: true });
  mkdirSync(join(home, 'bin'));
  writeFileSync(
    join(home, '.aws', 'config'),
    '[sso-session work]\nsso_start_url = https://my-org.awsapps.com/start\nsso_region = eu-west-1\n\n' +
      '[profile dev]\nsso_session = work\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\n\n' +
      '[profile prod]\nsso_session = work\nsso_account_id = 222222222222\nsso_role_name = Admin\n',
  );
  writeFileSync(
    join(home, '.aws', 'cli', 'cache', 'abc.json'),
    JSON.stringify({ ProviderType: 'sso', Credentials: { AccountId: '333333333333' } }),
  );
  // `ssokit` on PATH, as an installed one would be
  writeFileSync(join(home, 'bin', 'ssokit'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, {
    mode: 0o755,
  });
  env = { PATH: `${join(home, 'bin')}:${process.env['PATH']}`, HOME: home, NO_COLOR: '1' };
});

afterEach(() => {
  term?.close();
  term = undefined;
  // tmux may still be leaving its socket when kill-server returns
  rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('ssokit __complete', () => {
  it('answers one candidate a line: account ids from the config and the role cache', async () => {
    const r = await runCli(
      ['__complete', '--', 'credentials', '--sso-session', 'work', '--account-id', ''],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('111111111111\n222222222222\n333333333333\n');
  });
});

describe.skipIf(!run)('bash completion in a terminal', () => {
  it('completes `ssokit cre<TAB>` and offers the profiles after `--profile <TAB><TAB>`', async () => {
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    const script = join(home, 'shell.sh');
    writeFileSync(
      script,
      `#!/bin/sh\nexec env -i ${Object.entries({ ...env, PS1: '$ ', TERM: 'xterm', HISTFILE: '/dev/null' })
        .map(([k, v]) => `${k}=${q(v)}`)
        .join(' ')} bash --norc --noprofile\n`,
      { mode: 0o755 },
    );
    term = new Terminal(home, script);
    await term.waitFor('$ ');
    term.type('eval "$(ssokit completion bash)"', true);
    term.type('ssokit cre');
    term.press('Tab');
    await term.waitFor((s) => s.includes('$ ssokit credentials '));

    term.press('C-u');
    term.type('ssokit credentials --profile ');
    term.press('Tab');
    term.press('Tab');
    const screen = await term.waitFor((s) => /^dev\s+prod\s*$/m.test(s));
    expect(screen).not.toContain('work');

    term.type('p');
    term.press('Tab');
    await term.waitFor((s) => s.includes('$ ssokit credentials --profile prod '));
  });
});

describe('completion scripts of other shells', () => {
  for (const shell of ['zsh', 'fish'] as const) {
    const found = spawnSync(shell, ['-c', 'true']).status === 0;
    // .ci/run installs both; elsewhere a missing shell skips its test, saying why
    if (!found) console.log(`skipping the ${shell} completion test: ${shell} is not installed here`);
    it.skipIf(!found)(`${shell} parses its script`, () => {
      const script = spawnSync(process.execPath, [BIN, 'completion', shell], { encoding: 'utf8' }).stdout;
      expect(script).toContain('__complete');
      // from a file: fish -n does not read a script from a pipe
      const dir = mkdtempSync(join(tmpdir(), 'ssokit-completion-'));
      try {
        const file = join(dir, `ssokit.${shell}`);
        writeFileSync(file, script);
        const check = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
        expect(check.status, check.stderr).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('completion without a known shell is a usage error that lists them', async () => {
    const r = await runCli(['completion', 'tcsh'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish, powershell');
  });
});

// Every command an error message suggests must exist: `ssokit …` commands are parsed with the CLI's
// real parser, `aws sso login …` is checked against the flags AWS CLI v2 has. The messages are the
// ones the libraries really produce (through the emulator), plus every literal command in the source.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSso, resolveSsoProfile } from '@ssokit/credential-provider';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { homeEnv } from '@ssokit/test-support';
import {
  type LoginCommandTarget,
  LoginRequiredError,
  type LoginRequiredReason,
  loginAdvice,
} from '@ssokit/token-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../src/main.js';
import { assertBuilt, loginAs } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The flags of `aws sso login` in AWS CLI v2 (`aws sso login help`), and whether they take a value. */
const AWS_SSO_LOGIN_FLAGS: Record<string, boolean> = {
  '--profile': true,
  '--sso-session': true,
  '--no-browser': false,
  '--use-device-code': false,
};
/** Other AWS CLI v2 commands messages and docs may name, with the flags they take. */
const AWS_COMMANDS: Record<string, Record<string, boolean>> = {
  'sso login': AWS_SSO_LOGIN_FLAGS,
  'sso logout': { '--profile': true },
  'configure sso': { '--profile': true },
  'configure export-credentials': { '--profile': true, '--format': true },
};

/** Backtick-quoted `ssokit …` / `aws …` commands in a text. */
function suggestedCommands(text: string): string[] {
  return [...text.matchAll(/`((?:ssokit|aws) [^`]*)`/g)].map((m) => m[1]!.trim());
}

/** Parses a suggested `ssokit` command with the real parser; the command's action does not run. */
async function parseSsokit(command: string): Promise<void> {
  const program = buildProgram();
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  for (const sub of program.commands) {
    sub.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    sub.action(() => {});
  }
  const words = command.split(/\s+/).slice(1);
  const name = words.find((w) => !w.startsWith('-'));
  expect(
    program.commands.some((c) => c.name() === name),
    `\`${command}\`: ssokit has no command "${name}"`,
  ).toBe(true);
  await expect(program.parseAsync(words, { from: 'user' }), `\`${command}\``).resolves.toBeDefined();
}

function checkAws(command: string): void {
  const words = command.split(/\s+/).slice(1);
  const name = words.slice(0, 2).join(' ');
  const flags = AWS_COMMANDS[name];
  expect(flags, `\`${command}\`: not an AWS CLI command we know`).toBeDefined();
  for (let i = 2; i < words.length; i++) {
    const w = words[i]!;
    expect(Object.hasOwn(flags!, w), `\`${command}\`: aws ${name} has no flag ${w}`).toBe(true);
    if (flags![w]) {
      const value = words[++i];
      expect(value !== undefined && !value.startsWith('-'), `\`${command}\`: ${w} needs a value`).toBe(true);
    }
  }
}

async function checkAll(messages: string[]): Promise<string[]> {
  const commands = [...new Set(messages.flatMap(suggestedCommands))];
  for (const c of commands) {
    if (c.startsWith('ssokit ')) await parseSsokit(c);
    else checkAws(c);
  }
  return commands;
}

describe('the checker itself', () => {
  it('rejects commands and flags that do not exist', async () => {
    await expect(parseSsokit('ssokit login --start-url https://x.awsapps.com/start')).rejects.toThrow();
    await expect(parseSsokit('ssokit signin --profile dev')).rejects.toThrow();
    expect(() => checkAws('aws sso login --start-url https://x')).toThrow();
    expect(() => checkAws('aws sso login --profile')).toThrow();
    await parseSsokit('ssokit login --profile dev');
    checkAws('aws sso login --sso-session work --use-device-code');
  });
});

describe('LoginRequiredError', () => {
  const targets: Array<[LoginCommandTarget, string | undefined]> = [
    [{ ssoSession: 'work', startUrl: 'https://my-org.awsapps.com/start' }, 'dev'],
    [{ ssoSession: 'work', startUrl: 'https://my-org.awsapps.com/start' }, undefined],
    [{ startUrl: 'https://my-org.awsapps.com/start' }, 'legacy'],
    [{ startUrl: 'https://my-org.awsapps.com/start' }, undefined],
  ];
  const reasons: LoginRequiredReason[] = ['no-token', 'expired', 'refresh-failed'];

  it('suggests only commands that exist, ssokit and aws alike', async () => {
    const messages = targets.flatMap(([target, profile]) =>
      reasons.map((reason) => {
        const e = new LoginRequiredError(target, reason, 'invalid_grant', profile ? { profile } : {});
        expect(suggestedCommands(e.message)).toContain(e.command);
        expect(e.message).toMatch(/`aws sso login --/);
        return e.message;
      }),
    );
    const commands = await checkAll(messages);
    expect(commands).toEqual(
      expect.arrayContaining([
        'ssokit login --profile dev',
        'aws sso login --profile dev',
        'ssokit login --sso-session work',
        'aws sso login --sso-session work',
      ]),
    );
  });

  it('tells someone who never signed in to sign in, and someone whose session ended to sign in again', () => {
    const target = { ssoSession: 'work', startUrl: 'https://my-org.awsapps.com/start' };
    const never = new LoginRequiredError(target, 'no-token', undefined, { profile: 'dev' });
    expect(never.message).toMatch(/not signed in/);
    expect(never.message).not.toMatch(/again/);
    expect(never.message).toContain(
      'Run `ssokit login --profile dev` (or `aws sso login --profile dev`) to sign in.',
    );
    for (const reason of ['expired', 'refresh-failed'] as const) {
      expect(new LoginRequiredError(target, reason, undefined, { profile: 'dev' }).message).toMatch(
        /to sign in again\.$/,
      );
    }
    expect(loginAdvice({ startUrl: 'https://my-org.awsapps.com/start' }, undefined, false)).toMatch(
      /with a profile whose sso_start_url is https:\/\/my-org\.awsapps\.com\/start/,
    );
  });
});

describe('messages of the libraries, through the emulator', () => {
  let emulator: RunningEmulator;
  let home: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    assertBuilt();
    emulator = await startEmulator({ pollIntervalSeconds: 1 });
    home = await mkdtemp(join(tmpdir(), 'ssokit-suggest-'));
    env = homeEnv(home, emulator, join(home, 'config'));
  });
  afterAll(async () => {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  });

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => (e as Error).message,
    );

  it('every command suggested by fromSso and resolveSsoProfile exists', async () => {
    const messages: string[] = [];
    // no config file at all, then a profile naming a missing session
    messages.push(await failure(resolveSsoProfile({ profile: 'dev', env })));
    await writeFile(
      env['AWS_CONFIG_FILE']!,
      '[profile dev]\nsso_session = nope\nsso_account_id = 111111111111\n',
    );
    messages.push(await failure(resolveSsoProfile({ profile: 'dev', env })));

    const session = `[sso-session work]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`;
    await writeFile(
      env['AWS_CONFIG_FILE']!,
      `[profile dev]\nsso_session = work\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\n\n` +
        `[profile unassigned]\nsso_session = work\nsso_account_id = 999999999999\nsso_role_name = Nope\n\n` +
        `[profile legacy]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\n\n${session}`,
    );
    const opts = { env, homeDir: home, roleCredentialCache: false } as const;
    // never signed in: a profile, a session, a legacy start URL
    messages.push(await failure(fromSso({ ...opts, profile: 'dev' })()));
    messages.push(await failure(fromSso({ ...opts, profile: 'legacy' })()));
    messages.push(
      await failure(
        fromSso({ ...opts, ssoSession: 'work', ssoAccountId: '111111111111', ssoRoleName: 'X' })(),
      ),
    );
    messages.push(
      await failure(
        fromSso({
          ...opts,
          ssoStartUrl: emulator.startUrl,
          ssoRegion: emulator.region,
          ssoAccountId: '111111111111',
          ssoRoleName: 'X',
        })(),
      ),
    );
    expect(messages.slice(-4).every((m) => !/again/.test(m))).toBe(true);

    // signed in (with the CLI): a role that is not assigned
    expect(
      (await loginAs(emulator, { ...env, PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, 'alice')).code,
    ).toBe(0);
    messages.push(await failure(fromSso({ ...opts, profile: 'unassigned' })()));
    // a token the portal no longer accepts (signed out elsewhere)
    const cache = join(home, '.aws', 'sso', 'cache');
    const file = join(cache, `${createHash('sha1').update('work').digest('hex')}.json`);
    const token = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...token, accessToken: 'revoked-elsewhere-token' }));
    const revoked = await failure(fromSso({ ...opts, profile: 'dev' })());
    expect(revoked).toMatch(/to sign in again\./);
    messages.push(revoked);

    const commands = await checkAll(messages);
    expect(commands).toEqual(
      expect.arrayContaining([
        'ssokit login --profile dev',
        'aws sso login --profile dev',
        'ssokit login --profile legacy',
        'ssokit login --sso-session work',
        'ssokit login --profile NAME',
        'ssokit roles --profile unassigned',
        'ssokit configure',
      ]),
    );
  }, 30_000);
});

describe('literal commands in the source', () => {
  it('every `ssokit …` / `aws …` command written in a message or help text exists', async () => {
    const files: string[] = [];
    const walk = async (dir: string) => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) files.push(p);
      }
    };
    for (const pkg of await readdir(join(root, 'packages'))) {
      await walk(join(root, 'packages', pkg, 'src')).catch(() => {});
    }
    await walk(join(root, 'apps', 'cli', 'src'));
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const f of files) {
      for (const line of (await readFile(f, 'utf8')).split('\n')) {
        // code, not comments (TSDoc examples show placeholders such as `...`)
        if (/^\s*(\*|\/\/|\/\*)/.test(line)) continue;
        for (const c of suggestedCommands(line.replace(/\\`/g, '`'))) {
          if (!c.includes('${')) found.push(c);
        }
      }
    }
    expect(found.length).toBeGreaterThan(5);
    await checkAll(found);
  });
});

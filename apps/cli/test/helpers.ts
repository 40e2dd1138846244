// Shared setup of the CLI's end-to-end tests: each test runs the built `ssokit` (dist/bin.cjs) as a
// child process with a temporary HOME and AWS_CONFIG_FILE and the emulator's URL in the endpoint
// variables, so nothing ever reads or writes the real ~/.aws.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { assertBuilt as assertFiles, homeEnv, type ProcessResult, startProcess } from '@ssokit/test-support';

export { waitForOutput } from '@ssokit/test-support';

import { afterAll, beforeAll } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = join(here, '..', 'dist', 'bin.cjs');

/** Fails clearly when the CLI has not been built (the tests run dist/, not src/). */
export function assertBuilt(): void {
  assertFiles(...['bin.cjs', 'credentials.cjs', 'cli-entry.js'].map((f) => join(here, '..', 'dist', f)));
}

export type RunResult = ProcessResult;

/** A temporary home with ~/.aws/config; `env` points the CLI at it and at the emulator. */
export interface TestHome {
  home: string;
  configFile: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** The environment of a child: only PATH of the parent, so no AWS_* variable of the machine leaks in. */
export async function makeHome(
  emulator: Pick<RunningEmulator, 'url'> | { url: string },
  config = '',
): Promise<TestHome> {
  const home = await mkdtemp(join(tmpdir(), 'ssokit-cli-test-'));
  const configFile = join(home, '.aws', 'config');
  await mkdir(dirname(configFile), { recursive: true, mode: 0o700 });
  if (config) await writeFile(configFile, config, { mode: 0o600 });
  return {
    home,
    configFile,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      ...homeEnv(home, emulator, configFile),
      USERPROFILE: home,
      NO_COLOR: '1',
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

/** `[sso-session work]` on the emulator plus a profile per role given. */
export function sessionConfig(
  emulator: Pick<RunningEmulator, 'startUrl' | 'region'>,
  profiles: Record<string, { accountId: string; roleName?: string }> = {},
  session = 'work',
): string {
  let text = `[sso-session ${session}]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`;
  for (const [name, p] of Object.entries(profiles)) {
    text += `\n[profile ${name}]\nsso_session = ${session}\nsso_account_id = ${p.accountId}\n`;
    if (p.roleName) text += `sso_role_name = ${p.roleName}\n`;
  }
  return text;
}

/** How a test runs the CLI. */
export interface CliOptions {
  /** Killed with SIGKILL after this long (default 20 s). */
  timeoutMs?: number;
  uid?: number;
  gid?: number;
  /**
   * `bin` (default): `node dist/bin.cjs`, as users run it, the credential_process fast path first.
   * `commander`: `main(args)` of the ESM bundle dist/cli-entry.js, the way every other command runs.
   */
  entry?: 'bin' | 'commander';
}

const CLI_ENTRY = join(here, '..', 'dist', 'cli-entry.js');

/** Spawns the CLI (see {@link CliOptions.entry}) with `args`; `exited` resolves when it exits. */
export function startCli(args: readonly string[], env: Record<string, string>, options: CliOptions = {}) {
  const { entry, ...more } = options;
  const main = `const m = await import(${JSON.stringify(CLI_ENTRY)}); await m.main(${JSON.stringify(args)});`;
  const argv = entry === 'commander' ? ['--input-type=module', '-e', main] : [BIN, ...args];
  return startProcess(process.execPath, argv, { env, ...more, timeoutMs: options.timeoutMs ?? 20_000 });
}

export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: CliOptions = {},
): Promise<RunResult> {
  return startCli(args, env, options).exited;
}

export const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

/** The token file of an sso-session (design notes, Cache files). */
export function tokenFile(home: string, session = 'work'): string {
  return join(home, '.aws', 'sso', 'cache', `${sha1(session)}.json`);
}

export async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** The secrets of a token file: none of them may ever appear on stderr. */
export async function tokenSecrets(home: string, session = 'work'): Promise<string[]> {
  const t = JSON.parse(await readFile(tokenFile(home, session), 'utf8')) as Record<string, unknown>;
  return ['accessToken', 'refreshToken', 'clientSecret']
    .map((k) => t[k])
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Sets the cached token's expiry (as another tool, or time passing, would leave it). */
export async function setTokenExpiry(home: string, expiresAt: Date, session = 'work'): Promise<void> {
  const file = tokenFile(home, session);
  const t = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  t['expiresAt'] = `${expiresAt.toISOString().slice(0, 19)}Z`;
  await writeFile(file, JSON.stringify(t), { mode: 0o600 });
}

/** Valid credential_process output (what botocore's ProcessProvider accepts; see the credential_process guide). */
export function expectCredentialProcess(text: string): {
  Version: number;
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
} {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const ok =
    parsed['Version'] === 1 &&
    typeof parsed['AccessKeyId'] === 'string' &&
    (parsed['AccessKeyId'] as string).length > 0 &&
    typeof parsed['SecretAccessKey'] === 'string' &&
    (parsed['SecretAccessKey'] as string).length > 0 &&
    typeof parsed['SessionToken'] === 'string' &&
    typeof parsed['Expiration'] === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(parsed['Expiration'] as string) &&
    Date.parse(parsed['Expiration'] as string) > Date.now();
  if (!ok) throw new Error(`not valid credential_process output:\n${text}`);
  return parsed as never;
}

/** A stack trace line (`    at fn (file:1:2)`) or a Node crash banner. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]\d+/m.test(text) || /node:internal|Error: .*\n\s+at /.test(text);
}

/** Runs device-code sign-in and approves it in the emulator as `user` (when not auto-approving). */
export async function loginAs(
  emulator: RunningEmulator,
  env: Record<string, string>,
  user: string,
  args: readonly string[] = ['--sso-session', 'work'],
): Promise<RunResult> {
  const run = startCli(['login', ...args, '--device-code', '--no-browser', '--force'], env);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [pending] = emulator.admin.pendingDeviceAuthorizations();
    if (pending) {
      emulator.admin.approve(pending.userCode, user);
      break;
    }
    if (Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`no device authorization appeared; stderr:\n${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return run.exited;
}

/**
 * The setup most process tests share: the built CLI, an emulator started with `options`, and a
 * temporary home whose config has the session `work` and `profiles`. Stop both with {@link stopEmulatorHome}.
 */
export async function startEmulatorHome(
  options: EmulatorOptions,
  profiles: Record<string, { accountId: string; roleName?: string }> = {},
): Promise<{ emulator: RunningEmulator; t: TestHome }> {
  assertBuilt();
  const emulator = await startEmulator(options);
  return { emulator, t: await makeHome(emulator, sessionConfig(emulator, profiles)) };
}

/** Stops what {@link startEmulatorHome} started (either may be missing when the setup failed). */
export async function stopEmulatorHome(emulator: RunningEmulator | undefined, t: TestHome | undefined) {
  await emulator?.close();
  await t?.cleanup();
}

/** What {@link useEmulatorHome} sets up: the test home and its emulator. */
export type EmulatorHome = TestHome & { emulator: RunningEmulator };

/**
 * Call at the top of a test file: {@link startEmulatorHome} before all its tests, stopped after
 * them. Its hook fills the fields in, so read them inside tests, hooks and the functions they call.
 */
export function useEmulatorHome(
  options: EmulatorOptions,
  profiles: Record<string, { accountId: string; roleName?: string }> = {},
): EmulatorHome {
  const h = {} as EmulatorHome;
  beforeAll(async () => {
    const { emulator, t } = await startEmulatorHome(options, profiles);
    Object.assign(h, t, { emulator });
  });
  afterAll(() => stopEmulatorHome(h.emulator, 'cleanup' in h ? h : undefined));
  return h;
}

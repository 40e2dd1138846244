import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import {
  assertBuilt as assertFiles,
  homeEnv,
  type ProcessResult,
  startProcess,
  useTempDirs as tempDirs,
  tempHome,
} from '@ssokit/test-support';
import { SsoAuth, type SsoSessionRef } from '@ssokit/token-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

export { python, pythonWithBotocore, RecordingLogger } from '@ssokit/test-support';

/** A fresh temp directory per test, removed afterwards. */
export const useTempDirs = () => tempDirs('ssokit-cp-');

const here = dirname(fileURLToPath(import.meta.url));

/** Fails clearly when a package a child process needs has not been built. */
export function assertBuilt(): void {
  for (const pkg of [
    'credential-provider',
    'token-core',
    'portal-client',
    'oidc-client',
    'transport',
    'protocol',
  ])
    assertFiles(join(here, '..', '..', pkg, 'dist', 'index.js'));
}

/** What a child process printed and how it ended. */
export type ChildResult = ProcessResult;

/** Runs a fixture script (test/fixtures) with node, on the built dist, with exactly `env` (+ PATH). */
export function runNodeFixture(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<ChildResult> {
  return runChild(process.execPath, [join(here, 'fixtures', script), ...args], env);
}

/** Runs `python3 -c script` with exactly `env` (+ PATH). */
export function runPython(script: string, env: Record<string, string>): Promise<ChildResult> {
  return runChild('python3', ['-c', script], env);
}

function runChild(cmd: string, args: string[], env: Record<string, string>): Promise<ChildResult> {
  // NODE_NO_WARNINGS: the SDK warns on stderr that future releases need Node 22
  return startProcess(cmd, args, {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      AWS_EC2_METADATA_DISABLED: 'true',
      NODE_NO_WARNINGS: '1',
      ...env,
    },
  }).exited;
}

/** The account and role the emulator's default user is assigned (read through the portal API). */
export async function firstAssignment(
  emulator: RunningEmulator,
): Promise<{ accountId: string; roleName: string }> {
  const { accessToken } = emulator.admin.issueAccessToken();
  const headers = { 'x-amz-sso_bearer_token': accessToken };
  const accounts = (await (await fetch(`${emulator.url}/assignment/accounts`, { headers })).json()) as {
    accountList: Array<{ accountId: string }>;
  };
  const accountId = accounts.accountList[0]!.accountId;
  const roles = (await (
    await fetch(`${emulator.url}/assignment/roles?account_id=${accountId}`, { headers })
  ).json()) as { roleList: Array<{ roleName: string }> };
  return { accountId, roleName: roles.roleList[0]!.roleName };
}

/** A temporary home with `[profile dev]` → `[sso-session work]` at the emulator, and the env that points AWS tools there. */
export interface SsoHome {
  home: string;
  env: Record<string, string>;
  session: SsoSessionRef;
  /** The token file of session `work` (sha1 of the name, as AWS CLI v2 names it). */
  tokenFile: string;
  cleanup(): Promise<void>;
}

export async function makeSsoHome(
  emulator: RunningEmulator,
  assignment: { accountId: string; roleName: string },
  extraConfig = '',
): Promise<SsoHome> {
  const { home, cleanup } = await tempHome('ssokit-cp-');
  await mkdir(join(home, '.aws'), { mode: 0o700 });
  const configFile = join(home, '.aws', 'config');
  await writeFile(
    configFile,
    `[profile dev]\nsso_session = work\nsso_account_id = ${assignment.accountId}\nsso_role_name = ${assignment.roleName}\nregion = ${emulator.region}\n\n` +
      `[sso-session work]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n${extraConfig}`,
  );
  return {
    home,
    env: {
      ...homeEnv(home, emulator, configFile),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    },
    session: {
      ssoSession: 'work',
      startUrl: emulator.startUrl,
      region: emulator.region,
      scopes: ['sso:account:access'],
    },
    tokenFile: join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('work').digest('hex')}.json`),
    cleanup,
  };
}

/** Signs in with ssokit (device code, approved through the emulator's admin API). */
export async function signIn(emulator: RunningEmulator, h: SsoHome): Promise<void> {
  const auth = new SsoAuth({ homeDir: h.home, env: h.env, oidc: { endpoint: emulator.url } });
  try {
    await auth.login(h.session, {
      flow: 'device-code',
      onDevicePrompt: (p) => emulator.admin.approve(p.userCode),
    });
  } finally {
    await auth.close();
  }
}

/** The CreateToken requests with the refresh_token grant the emulator received. */
export function refreshRequests(emulator: RunningEmulator) {
  return emulator.admin
    .requests()
    .filter(
      (r) =>
        r.operation === 'CreateToken' &&
        (r.body as { grantType?: string } | undefined)?.grantType === 'refresh_token',
    );
}

/** What {@link useEmulatorHome} sets up; its hooks fill the fields in, so read them in tests and hooks. */
export interface EmulatorHome {
  emulator: RunningEmulator;
  /** The account and role of `[profile dev]` (the default user's first assignment). */
  assignment: { accountId: string; roleName: string };
  /** The home of the test (or of the file, with `homePer: 'file'`); a test may replace it, the new one is removed. */
  h: SsoHome;
}

/**
 * Call at the top of a test file: one emulator started with `emulatorOptions` for the file, and a
 * temporary home on it ({@link makeSsoHome}). With `homePer: 'test'` (the default) each test starts
 * on a reset emulator with a fresh home, removed after it; with `'file'` one home serves every test.
 * `signIn` signs the home in as soon as it is made.
 */
export function useEmulatorHome(
  emulatorOptions: EmulatorOptions,
  options: { homePer?: 'test' | 'file'; signIn?: boolean } = {},
): EmulatorHome {
  const suite = {} as EmulatorHome;
  const newHome = async () => {
    suite.h = await makeSsoHome(suite.emulator, suite.assignment);
    if (options.signIn) await signIn(suite.emulator, suite.h);
  };
  const perFile = options.homePer === 'file';
  beforeAll(async () => {
    suite.emulator = await startEmulator(emulatorOptions);
    suite.assignment = await firstAssignment(suite.emulator);
    if (perFile) await newHome();
  });
  afterAll(async () => {
    if (perFile) await suite.h?.cleanup();
    await suite.emulator?.close();
  });
  if (!perFile) {
    beforeEach(async () => {
      suite.emulator.admin.reset();
      await newHome();
    });
    afterEach(async () => {
      await suite.h?.cleanup();
    });
  }
  return suite;
}

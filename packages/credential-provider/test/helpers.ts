import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import type { RunningEmulator } from '@ssokit/emulator';
import { SsoAuth, type SsoSessionRef } from '@ssokit/token-core';
import { afterEach } from 'vitest';

/** A fresh temp directory per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const d = await mkdtemp(join(tmpdir(), 'ssokit-cp-'));
    dirs.push(d);
    return d;
  };
}

/** Whether python3 with botocore is available; prints why not when it is not and CI is unset. */
export function pythonWithBotocore(): boolean {
  const r = spawnSync('python3', ['-c', 'import botocore'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env['CI']) return true; // in CI the tests must run (and fail loudly if python is missing)
  console.log('skipping the botocore comparison: python3 with botocore is not available here');
  return false;
}

/** Runs a python3 script with `input` as JSON on stdin; returns its stdout. */
export function python(script: string, input: unknown): string {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

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
  ]) {
    const dist = join(here, '..', '..', pkg, 'dist', 'index.js');
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm build\` in packages/${pkg} first`);
  }
}

/** What a child process printed and how it ended. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

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
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      // NODE_NO_WARNINGS: the SDK warns on stderr that future releases need Node 22
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        AWS_EC2_METADATA_DISABLED: 'true',
        NODE_NO_WARNINGS: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
  const home = await mkdtemp(join(tmpdir(), 'ssokit-cp-'));
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
      HOME: home,
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    },
    session: {
      ssoSession: 'work',
      startUrl: emulator.startUrl,
      region: emulator.region,
      scopes: ['sso:account:access'],
    },
    tokenFile: join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('work').digest('hex')}.json`),
    cleanup: () => rm(home, { recursive: true, force: true }),
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

/** A logger that keeps every line, to search it for secrets. */
export class RecordingLogger {
  readonly lines: string[] = [];
  debug(message: string, data?: Record<string, unknown>): void {
    this.lines.push(`debug ${message} ${inspect(data, { depth: 10 })}`);
  }
  warn(message: string, data?: Record<string, unknown>): void {
    this.lines.push(`warn ${message} ${inspect(data, { depth: 10 })}`);
  }
}

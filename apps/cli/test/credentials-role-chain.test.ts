// `ssokit credentials --profile CHAIN` for a role-chain profile (role_arn + source_profile rooted in an
// SSO profile), on the credential_process fast path (dist/credentials.cjs) and through commander
// (dist/cli-entry.js), against the emulator's STS.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningEmulator } from '@ssokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectCredentialProcess,
  hasStackTrace,
  loginAs,
  type RunResult,
  runCli,
  startEmulatorHome,
  stopEmulatorHome,
  type TestHome,
} from './helpers.js';

const DEPLOY = 'arn:aws:iam::111111111111:role/Deploy';
const AUDIT = 'arn:aws:iam::222222222222:role/Audit';
const CHAINS = `
[profile deploy]
role_arn = ${DEPLOY}
source_profile = admin

[profile audit]
role_arn = ${AUDIT}
source_profile = deploy
role_session_name = cli-chain

[profile denied]
role_arn = arn:aws:iam::333333333333:role/Partner
source_profile = deploy

[profile loop-a]
role_arn = ${DEPLOY}
source_profile = loop-b

[profile loop-b]
role_arn = ${AUDIT}
source_profile = loop-a
`;

let emulator: RunningEmulator;
let t: TestHome;

beforeAll(async () => {
  ({ emulator, t } = await startEmulatorHome(
    {},
    { admin: { accountId: '111111111111', roleName: 'AdministratorAccess' } },
  ));
  await writeFile(t.configFile, (await readFile(t.configFile, 'utf8')) + CHAINS);
  t.env['AWS_ENDPOINT_URL_STS'] = emulator.url;
  expect((await loginAs(emulator, t.env, 'alice')).code).toBe(0);
});
afterAll(async () => {
  await stopEmulatorHome(emulator, t);
});

/** `credentials` through commander: the ESM bundle's main, as every other command runs. */
function runCommander(args: readonly string[]): Promise<RunResult> {
  const entry = join(import.meta.dirname, '..', 'dist', 'cli-entry.js');
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(entry)}); await m.main(${JSON.stringify(args)});`,
    ],
    { env: t.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

/** The emulator's record of the session an access key id belongs to. */
function sessionOf(accessKeyId: string) {
  return emulator.admin.assumedRoleSessions().find((s) => s.accessKeyId === accessKeyId);
}

describe('ssokit credentials --profile with a role chain', () => {
  it('the credential_process fast path prints the credentials of the last role', async () => {
    const r = await runCli(['credentials', '--profile', 'audit'], t.env);
    expect(r.code, r.stderr).toBe(0);
    const c = expectCredentialProcess(r.stdout);
    expect(sessionOf(c.AccessKeyId)).toMatchObject({
      roleArn: AUDIT,
      accountId: '222222222222',
      sessionName: 'cli-chain',
    });
  });

  it('commander prints the same, in every --format', async () => {
    const json = await runCommander(['credentials', '--profile', 'deploy', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { accessKeyId: string; accountId: string };
    expect(parsed.accountId).toBe('111111111111');
    // the session is named after the signed-in user
    expect(sessionOf(parsed.accessKeyId)).toMatchObject({ roleArn: DEPLOY, sessionName: 'alice' });
    const env = await runCommander(['credentials', '--profile', 'deploy', '--format', 'env']);
    expect(env.code, env.stderr).toBe(0);
    // the cached AssumeRole result answers the second run
    expect(env.stdout).toContain(`export AWS_ACCESS_KEY_ID=${parsed.accessKeyId}`);
  });

  it('a denied AssumeRole and a cycle exit 3 with a message that says what to fix, no stack trace', async () => {
    const denied = await runCli(['credentials', '--profile', 'denied'], t.env);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(
      /Could not assume role arn:aws:iam::333333333333:role\/Partner for profile "denied" \(role chain denied → deploy → admin\): AccessDenied/,
    );
    expect(hasStackTrace(denied.stderr)).toBe(false);
    const loop = await runCli(['credentials', '--profile', 'loop-a'], t.env);
    expect(loop.code).toBe(3);
    expect(loop.stderr).toContain('loop-a → loop-b → loop-a');
    expect(hasStackTrace(loop.stderr)).toBe(false);
  });
});

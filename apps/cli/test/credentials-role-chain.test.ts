// `ssokit credentials --profile CHAIN` for a role-chain profile (role_arn + source_profile rooted in an
// SSO profile), on the credential_process fast path (dist/credentials.cjs) and through commander
// (dist/cli-entry.js), against the emulator's STS.
import { appendFile } from 'node:fs/promises';
import { ROLE_CHAIN, roleChainConfig } from '@ssokit/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCredentialProcess, hasStackTrace, loginAs, runCli, useEmulatorHome } from './helpers.js';

const h = useEmulatorHome({}, { admin: ROLE_CHAIN.root });

beforeAll(async () => {
  await appendFile(h.configFile, roleChainConfig({ sourceProfile: 'admin' }));
  h.env['AWS_ENDPOINT_URL_STS'] = h.emulator.url;
  expect((await loginAs(h.emulator, h.env, 'alice')).code).toBe(0);
});

/** The emulator's record of the session an access key id belongs to. */
function sessionOf(accessKeyId: string) {
  return h.emulator.admin.assumedRoleSessions().find((s) => s.accessKeyId === accessKeyId);
}

describe('ssokit credentials --profile with a role chain', () => {
  it('the credential_process fast path prints the credentials of the last role', async () => {
    const r = await runCli(['credentials', '--profile', 'audit'], h.env);
    expect(r.code, r.stderr).toBe(0);
    const c = expectCredentialProcess(r.stdout);
    expect(sessionOf(c.AccessKeyId)).toMatchObject({
      roleArn: ROLE_CHAIN.audit,
      accountId: '222222222222',
      sessionName: ROLE_CHAIN.auditSessionName,
    });
  });

  it('commander prints the same, in every --format', async () => {
    const commander = { entry: 'commander' } as const;
    const json = await runCli(['credentials', '--profile', 'deploy', '--format', 'json'], h.env, commander);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { accessKeyId: string; accountId: string };
    expect(parsed.accountId).toBe('111111111111');
    // the session is named after the signed-in user
    expect(sessionOf(parsed.accessKeyId)).toMatchObject({ roleArn: ROLE_CHAIN.deploy, sessionName: 'alice' });
    const env = await runCli(['credentials', '--profile', 'deploy', '--format', 'env'], h.env, commander);
    expect(env.code, env.stderr).toBe(0);
    // the cached AssumeRole result answers the second run
    expect(env.stdout).toContain(`export AWS_ACCESS_KEY_ID=${parsed.accessKeyId}`);
  });

  it('a denied AssumeRole and a cycle exit 3 with a message that says what to fix, no stack trace', async () => {
    const denied = await runCli(['credentials', '--profile', 'partner-denied'], h.env);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(
      /Could not assume role arn:aws:iam::333333333333:role\/Partner for profile "partner-denied" \(role chain partner-denied → deploy → admin\): AccessDenied/,
    );
    expect(hasStackTrace(denied.stderr)).toBe(false);
    const loop = await runCli(['credentials', '--profile', 'loop-a'], h.env);
    expect(loop.code).toBe(3);
    expect(loop.stderr).toContain('loop-a → loop-b → loop-a');
    expect(hasStackTrace(loop.stderr)).toBe(false);
  });
});

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { ProviderErrorCode } from '@ssokit/protocol/core';
import { ROLE_CHAIN, roleChainConfig } from '@ssokit/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isProfileConfigError } from '../src/errors.js';
import { fromSso } from '../src/from-sso.js';
import { resolveProfileCredentials } from '../src/resolve-profile-credentials.js';
import {
  assertBuilt,
  makeSsoHome,
  pythonWithBotocore,
  runNodeFixture,
  runPython,
  type SsoHome,
  signIn,
} from './helpers.js';

let emulator: RunningEmulator;
let h: SsoHome;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
  h = await makeSsoHome(emulator, ROLE_CHAIN.root, roleChainConfig({ sourceProfile: 'dev' }));
  h.env['AWS_ENDPOINT_URL_STS'] = emulator.url;
  await signIn(emulator, h);
});
afterAll(async () => {
  await h?.cleanup();
  await emulator?.close();
});
afterEach(() => {
  emulator.admin.clearRequests();
});

async function callerIdentity(
  credentials: AwsCredentialIdentity,
): Promise<{ Account?: string; Arn?: string }> {
  const sts = new STSClient({ region: emulator.region, endpoint: emulator.url, credentials });
  try {
    const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
    return { Account, Arn };
  } finally {
    sts.destroy();
  }
}

describe('role chains against the emulator', () => {
  it('ssokit, AWS SDK v3 fromIni and botocore resolve the same two-step chain to the same identity', async () => {
    const ours = await fromSso({ profile: 'audit', env: h.env, homeDir: h.home })();
    const ourId = await callerIdentity(ours);
    expect(ourId).toEqual({
      Account: '222222222222',
      Arn: `arn:aws:sts::222222222222:assumed-role/Audit/${ROLE_CHAIN.auditSessionName}`,
    });

    const sdk = await runNodeFixture(
      'sdk-from-ini-identity.mjs',
      ['audit', emulator.url, emulator.region],
      h.env,
    );
    expect(sdk.stderr).toBe('');
    expect(JSON.parse(sdk.stdout)).toMatchObject(ourId);

    if (pythonWithBotocore()) {
      const boto = await runPython(
        `import json, botocore.session
s = botocore.session.Session(profile='audit')
sts = s.create_client('sts', region_name='${emulator.region}')
i = sts.get_caller_identity()
print(json.dumps({'Account': i['Account'], 'Arn': i['Arn']}))`,
        h.env,
      );
      expect(boto.stderr).toBe('');
      expect(JSON.parse(boto.stdout)).toEqual(ourId);
    }
  });

  it('names a step without role_session_name after the signed-in user, and answers the next run from the cache', async () => {
    const sso = await callerIdentity(await fromSso({ profile: 'dev', env: h.env, homeDir: h.home })());
    const user = sso.Arn?.split('/').pop();
    const deploy = await resolveProfileCredentials({
      profile: 'deploy',
      env: h.env,
      homeDir: h.home,
      forceRefresh: true,
    });
    expect((await callerIdentity(deploy)).Arn).toBe(`arn:aws:sts::111111111111:assumed-role/Deploy/${user}`);
    emulator.admin.clearRequests();
    const again = await resolveProfileCredentials({ profile: 'deploy', env: h.env, homeDir: h.home });
    expect(again.accessKeyId).toBe(deploy.accessKeyId);
    expect(emulator.admin.requests()).toEqual([]);
  });

  it('a denied AssumeRole says which role, profile and chain, and what to check', async () => {
    const e = await fromSso({ profile: 'partner-denied', env: h.env, homeDir: h.home })().then(
      () => undefined,
      (x: unknown) => x as { code?: string; message: string },
    );
    expect(e?.code).toBe(ProviderErrorCode.ASSUME_ROLE_FAILED);
    expect(e?.message).toMatch(
      /^Could not assume role arn:aws:iam::333333333333:role\/Partner for profile "partner-denied" \(role chain partner-denied → deploy → dev\): AccessDenied: .*not authorized to perform: sts:AssumeRole.*trust policy/,
    );
    // the same role with its external_id is let in: what was missing is the ExternalId
    const partner = await fromSso({ profile: 'partner', env: h.env, homeDir: h.home })();
    expect((await callerIdentity(partner)).Account).toBe('333333333333');
  });

  it('a cycle is reported with the whole chain before anything is sent', async () => {
    const e = await fromSso({ profile: 'loop-a', env: h.env, homeDir: h.home })().catch((x: unknown) => x);
    expect(isProfileConfigError(e) && e.problem).toBe('cycle');
    expect((e as Error).message).toContain('loop-a → loop-b → loop-a');
    expect(emulator.admin.requests()).toEqual([]);
  });
});

import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pythonAsync, pythonWithBotocore } from '@ssokit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const DEPLOY = 'arn:aws:iam::111111111111:role/Deploy';
const AUDIT = 'arn:aws:iam::222222222222:role/Audit';
const SSO_ADMIN_ARN =
  /^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice$/;

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** SSO role credentials for alice's AdministratorAccess in 111111111111, straight from the portal. */
async function ssoCreds(
  emulator: RunningEmulator,
  user = 'alice',
  roleName = 'AdministratorAccess',
): Promise<Creds> {
  const { accessToken } = emulator.admin.issueAccessToken(user);
  const res = await fetch(
    `${emulator.url}/federation/credentials?account_id=111111111111&role_name=${roleName}`,
    { headers: { 'x-amz-sso_bearer_token': accessToken } },
  );
  const { roleCredentials } = (await res.json()) as { roleCredentials: Creds };
  return roleCredentials;
}

/** The AWS CLI v2: Debian's `/usr/bin/aws`, else `aws` on PATH when that one is v2. */
function awsCliV2(): string | undefined {
  for (const bin of ['/usr/bin/aws', 'aws']) {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0 && `${r.stdout}${r.stderr}`.startsWith('aws-cli/2')) return bin;
  }
  if (process.env['CI']) throw new Error('the AWS CLI v2 (Debian awscli) is required in CI');
  console.log('skipping the AWS CLI v2 STS tests: no AWS CLI v2 here (/usr/bin/aws or aws on PATH)');
  return undefined;
}

// botocore's STS client, pointed at the emulator: prints what each call returned or the error code
const BOTOCORE_SCRIPT = `
import json, sys
import botocore.session
from botocore.exceptions import ClientError
args = json.load(sys.stdin)
session = botocore.session.Session()
def client(c):
    return session.create_client('sts', region_name=args['region'], endpoint_url=args['url'],
        aws_access_key_id=c['accessKeyId'], aws_secret_access_key=c['secretAccessKey'], aws_session_token=c['sessionToken'])
def creds(r):
    c = r['Credentials']
    return {'accessKeyId': c['AccessKeyId'], 'secretAccessKey': c['SecretAccessKey'], 'sessionToken': c['SessionToken']}
def attempt(fn):
    try:
        fn()
        return None
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                'status': e.response['ResponseMetadata']['HTTPStatusCode']}
out = {}
sso = args['sso']
out['sso'] = client(sso).get_caller_identity()
deploy = client(sso).assume_role(RoleArn=args['deploy'], RoleSessionName='boto')
out['deployUser'] = deploy['AssumedRoleUser']
out['deployExpiration'] = deploy['Credentials']['Expiration'].isoformat()
audit = client(creds(deploy)).assume_role(RoleArn=args['audit'], RoleSessionName='boto2', DurationSeconds=900)
out['audit'] = client(creds(audit)).get_caller_identity()
out['denied'] = attempt(lambda: client(sso).assume_role(RoleArn=args['audit'], RoleSessionName='boto'))
out['invalid'] = attempt(lambda: client(sso).assume_role(RoleArn=args['deploy'], RoleSessionName='a b'))
bad = dict(sso, secretAccessKey=('B' if sso['secretAccessKey'][0] == 'A' else 'A') + sso['secretAccessKey'][1:])
out['badSignature'] = attempt(lambda: client(bad).get_caller_identity())
out['unknownKey'] = attempt(lambda: client(dict(sso, accessKeyId='ASIAAAAAAAAAAAAAAAAA')).get_caller_identity())
for k in ('sso', 'audit'):
    out[k].pop('ResponseMetadata')
print(json.dumps(out))
`;

describe('STS against botocore and the AWS CLI v2', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it.skipIf(!pythonWithBotocore())(
    'botocore calls GetCallerIdentity and a two-step AssumeRole chain, and decodes the errors',
    async () => {
      const sso = await ssoCreds(emulator);
      const out = JSON.parse(
        await pythonAsync(
          BOTOCORE_SCRIPT,
          { url: emulator.url, region: emulator.region, sso, deploy: DEPLOY, audit: AUDIT },
          {
            env: { HOME: mkdtempSync(join(tmpdir(), 'emu-boto-')), AWS_CONFIG_FILE: '/dev/null' },
          },
        ),
      ) as Record<string, Record<string, unknown>>;
      expect(out.sso).toMatchObject({
        Account: '111111111111',
        UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:alice$/),
      });
      expect(out.sso!.Arn).toMatch(SSO_ADMIN_ARN);
      expect(out.deployUser).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Deploy/boto' });
      // botocore parsed Expiration as a timezone-aware timestamp
      expect(String(out.deployExpiration)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      expect(out.audit).toEqual({
        Account: '222222222222',
        Arn: 'arn:aws:sts::222222222222:assumed-role/Audit/boto2',
        UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:boto2$/),
      });
      expect(out.denied).toMatchObject({ code: 'AccessDenied', status: 403 });
      expect(out.invalid).toMatchObject({ code: 'ValidationError', status: 400 });
      expect(out.invalid!.message).toMatch(/^1 validation error detected: Value 'a b' at 'roleSessionName'/);
      expect(out.badSignature).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
      expect(out.unknownKey).toMatchObject({ code: 'InvalidClientTokenId', status: 403 });
    },
  );

  const aws = awsCliV2();
  describe.skipIf(aws === undefined)('the AWS CLI v2', () => {
    const run = promisify(execFile);
    const cli = (creds: Creds, ...args: string[]) =>
      run(aws!, ['sts', ...args, '--endpoint-url', emulator.url, '--output', 'json'], {
        timeout: 60_000,
        env: {
          PATH: process.env['PATH'],
          HOME: mkdtempSync(join(tmpdir(), 'emu-awscli-')),
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_ACCESS_KEY_ID: creds.accessKeyId,
          AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
          AWS_SESSION_TOKEN: creds.sessionToken,
          AWS_REGION: emulator.region,
          AWS_PAGER: '',
        },
      });

    it('`aws sts get-caller-identity --endpoint-url` prints the identity of SSO and assumed credentials', async () => {
      const sso = await ssoCreds(emulator);
      const id = JSON.parse((await cli(sso, 'get-caller-identity')).stdout) as Record<string, string>;
      expect(id.Account).toBe('111111111111');
      expect(id.Arn).toMatch(SSO_ADMIN_ARN);

      const assumed = JSON.parse(
        (await cli(sso, 'assume-role', '--role-arn', DEPLOY, '--role-session-name', 'cli')).stdout,
      ) as { Credentials: Record<string, string> };
      const c = assumed.Credentials;
      const deploy = {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      };
      const asDeploy = JSON.parse((await cli(deploy, 'get-caller-identity')).stdout) as Record<
        string,
        string
      >;
      expect(asDeploy.Arn).toBe('arn:aws:sts::111111111111:assumed-role/Deploy/cli');
    });

    it('prints AWS error codes the CLI way and exits non-zero', async () => {
      const bob = await ssoCreds(emulator, 'bob', 'ReadOnlyAccess');
      const e = (await cli(bob, 'assume-role', '--role-arn', DEPLOY, '--role-session-name', 'cli').catch(
        (err: unknown) => err,
      )) as { code: number; stderr: string };
      expect(e.code).toBe(254);
      expect(e.stderr).toContain(
        'An error occurred (AccessDenied) when calling the AssumeRole operation: User: ',
      );
      emulator.admin.advanceClock(3601_000);
      try {
        const expired = (await cli(bob, 'get-caller-identity').catch((err: unknown) => err)) as {
          stderr: string;
        };
        expect(expired.stderr).toContain(
          'An error occurred (ExpiredToken) when calling the GetCallerIdentity operation',
        );
      } finally {
        emulator.admin.reset();
      }
    });
  });
});

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderErrorCode } from '@ssokit/protocol/core';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/helpers.js';
import { isProfileConfigError, type ProfileConfigError } from '../errors.js';
import { fromSso } from '../from-sso.js';
import { RoleCredentialCache } from '../role-credential-cache.js';
import { AssumeRoleCache, assumeRoleCacheKey } from '../sts/assume-role-cache.js';
import type { StsSignerFactory } from '../sts/sts-client.js';
import { resolveRoleChain } from './resolve-role-chain.js';

const tempDir = useTempDirs();
const STS = 'http://127.0.0.1:7777';
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const ACCOUNT = '111122223333';
const ROLE_A = 'arn:aws:iam::111122223333:role/Admin';
const ROLE_B = 'arn:aws:iam::444455556666:role/Deploy';
const SSO_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/alice@example.com`;

let home: string;
let env: Record<string, string>;
let agent: MockAgent;
let signedWith: string[];
const clock = { now: () => NOW };
const signer: StsSignerFactory = ({ credentials, service }) => {
  signedWith.push(`${service}:${credentials.accessKeyId}`);
  return async () => ({ authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/…` });
};

const CONFIG = `[profile sso]
sso_session = work
sso_account_id = ${ACCOUNT}
sso_role_name = ReadOnly

[sso-session work]
sso_start_url = https://example.awsapps.com/start
sso_region = eu-west-1

[profile admin]
role_arn = ${ROLE_A}
source_profile = sso

[profile deploy]
role_arn = ${ROLE_B}
source_profile = admin
role_session_name = deployer
external_id = ext-1
duration_seconds = 900
`;

async function writeConfig(text: string): Promise<void> {
  await writeFile(join(home, 'config'), text);
}

/** The SSO role credentials of `[profile sso]`, in the AWS CLI role cache, so no portal is needed. */
async function cacheRootCredentials(): Promise<void> {
  await new RoleCredentialCache({ homeDir: home, clock }).put(
    {
      ssoSession: 'work',
      startUrl: 'https://example.awsapps.com/start',
      accountId: ACCOUNT,
      roleName: 'ReadOnly',
    },
    {
      accessKeyId: 'ASIAROOT',
      secretAccessKey: 'root-secret',
      sessionToken: 'root-token',
      expiration: new Date(NOW + 3_600_000),
    },
  );
}

function assumeRoleXml(akid: string, roleArn: string, session: string, expiresInMs = 3_600_000): string {
  const [, account, name] = /::(\d{12}):role\/(.+)$/.exec(roleArn)!;
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${name}/${session}</Arn><AssumedRoleId>AROAEXAMPLE:${session}</AssumedRoleId></AssumedRoleUser>
<Credentials><AccessKeyId>${akid}</AccessKeyId><SecretAccessKey>${akid}-secret</SecretAccessKey><SessionToken>${akid}-token</SessionToken>
<Expiration>${new Date(NOW + expiresInMs).toISOString()}</Expiration></Credentials></AssumeRoleResult>
<ResponseMetadata><RequestId>req-${akid}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
}

/** Intercepts one STS call; records its form body. */
function expectSts(status: number, xml: string, sent: Array<Record<string, string>>): void {
  agent
    .get(STS)
    .intercept({ path: '/', method: 'POST' })
    .reply((opts) => {
      sent.push(Object.fromEntries(new URLSearchParams(String(opts.body))));
      return { statusCode: status, data: xml };
    });
}

function provider(profile: string, extra: Parameters<typeof fromSso>[0] = {}) {
  return fromSso({
    profile,
    env,
    homeDir: home,
    clock,
    sts: { dispatcher: agent, signer },
    ...extra,
  });
}

async function configError(p: Promise<unknown>): Promise<ProfileConfigError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!isProfileConfigError(e)) throw new Error(`expected a ProfileConfigError, got ${String(e)}`);
  return e;
}

beforeEach(async () => {
  home = await tempDir();
  env = { HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_ENDPOINT_URL_STS: STS };
  signedWith = [];
  agent = new MockAgent();
  agent.disableNetConnect();
  await writeConfig(CONFIG);
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

describe('resolveRoleChain', () => {
  it('walks source_profile links to the SSO profile and lists the AssumeRole steps outward', async () => {
    const chain = await resolveRoleChain({ profile: 'deploy', env });
    expect(chain.root.profileName).toBe('sso');
    expect(chain.steps).toEqual([
      { profile: 'admin', roleArn: ROLE_A },
      {
        profile: 'deploy',
        roleArn: ROLE_B,
        roleSessionName: 'deployer',
        externalId: 'ext-1',
        durationSeconds: 900,
      },
    ]);
    // no region anywhere but the SSO one
    expect(chain.region).toBe('eu-west-1');
    expect(chain.endpointOverrides.env).toEqual({ AWS_ENDPOINT_URL_STS: STS });
  });

  it('reports a cycle with the whole chain', async () => {
    await writeConfig(
      `[profile a]\nrole_arn = ${ROLE_A}\nsource_profile = b\n\n[profile b]\nrole_arn = ${ROLE_B}\nsource_profile = a\n`,
    );
    const e = await configError(resolveRoleChain({ profile: 'a', env }));
    expect(e.problem).toBe('cycle');
    expect(e.message).toContain('a → b → a');
    expect(e.tryNextLink).toBe(false);
    // and through the provider, before any network
    const viaProvider = await configError(provider('a')());
    expect(viaProvider.message).toContain('a → b → a');
  });

  it('refuses what it does not support, saying what to use instead', async () => {
    for (const [key, value, hint] of [
      ['mfa_serial', 'arn:aws:iam::111122223333:mfa/alice', /MFA/],
      ['credential_source', 'Ec2InstanceMetadata', /source_profile/],
      ['web_identity_token_file', '/tmp/token', /AWS CLI or SDK/],
    ] as const) {
      await writeConfig(
        `${CONFIG}\n[profile x]\nrole_arn = ${ROLE_A}\nsource_profile = sso\n${key} = ${value}\n`,
      );
      const e = await configError(resolveRoleChain({ profile: 'x', env }));
      expect(e.problem).toBe('unsupported');
      expect(e.keys).toEqual([key]);
      expect(e.message).toMatch(hint);
    }
  });

  it('needs an SSO profile at the root (a provider chain may go on for other roots)', async () => {
    await writeConfig(
      `[profile keys]\naws_access_key_id = AKIAEXAMPLE\n\n[profile x]\nrole_arn = ${ROLE_A}\nsource_profile = keys\n`,
    );
    const e = await configError(resolveRoleChain({ profile: 'x', env }));
    expect(e.problem).toBe('unsupported');
    expect(e.message).toContain('ends at profile "keys", which is not an SSO profile');
    expect(e.tryNextLink).toBe(true);
  });

  it('refuses duration_seconds above the one-hour limit of role chaining, and malformed values', async () => {
    await writeConfig(
      `${CONFIG}\n[profile long]\nrole_arn = ${ROLE_A}\nsource_profile = sso\nduration_seconds = 7200\n`,
    );
    const long = await configError(resolveRoleChain({ profile: 'long', env }));
    expect(long.problem).toBe('invalid-value');
    expect(long.message).toMatch(/role chaining, which AWS limits to 900 to 3600 seconds/);
    await writeConfig(
      `${CONFIG}\n[profile bad]\nrole_arn = ${ROLE_A}\nsource_profile = sso\nrole_session_name = has space\n`,
    );
    expect((await configError(resolveRoleChain({ profile: 'bad', env }))).keys).toEqual([
      'role_session_name',
    ]);
    await writeConfig(`${CONFIG}\n[profile arn]\nrole_arn = Admin\nsource_profile = sso\n`);
    expect((await configError(resolveRoleChain({ profile: 'arn', env }))).keys).toEqual(['role_arn']);
    await writeConfig(`${CONFIG}\n[profile nosrc]\nrole_arn = ${ROLE_A}\n`);
    expect((await configError(resolveRoleChain({ profile: 'nosrc', env }))).problem).toBe('missing-key');
  });
});

describe('fromSso with a role chain', () => {
  it('assumes each role from the one before, names a generated session after the SSO user, and caches as the AWS CLI does', async () => {
    await cacheRootCredentials();
    const sent: Array<Record<string, string>> = [];
    expectSts(
      200,
      `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${SSO_ARN}</Arn><Account>${ACCOUNT}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      sent,
    );
    expectSts(200, assumeRoleXml('ASIAADMIN', ROLE_A, 'alice@example.com'), sent);
    expectSts(200, assumeRoleXml('ASIADEPLOY', ROLE_B, 'deployer'), sent);

    const creds = await provider('deploy')();
    expect(creds).toMatchObject({
      accessKeyId: 'ASIADEPLOY',
      secretAccessKey: 'ASIADEPLOY-secret',
      sessionToken: 'ASIADEPLOY-token',
      accountId: '444455556666',
    });
    expect(creds.expiration?.getTime()).toBe(NOW + 3_600_000);
    expect(sent).toEqual([
      { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      { Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE_A, RoleSessionName: 'alice@example.com' },
      {
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: ROLE_B,
        RoleSessionName: 'deployer',
        ExternalId: 'ext-1',
        DurationSeconds: '900',
      },
    ]);
    // each call signed for sts with the credentials before it
    expect(signedWith).toEqual(['sts:ASIAROOT', 'sts:ASIAROOT', 'sts:ASIAADMIN']);

    // both results cached; the generated session name is not part of the first key
    const cache = new AssumeRoleCache({ homeDir: home, clock });
    expect((await cache.get({ RoleArn: ROLE_A }))?.accessKeyId).toBe('ASIAADMIN');
    const deployFile = join(
      home,
      '.aws',
      'cli',
      'cache',
      `${assumeRoleCacheKey({ RoleArn: ROLE_B, RoleSessionName: 'deployer', ExternalId: 'ext-1', DurationSeconds: 900 })}.json`,
    );
    expect(JSON.parse(await readFile(deployFile, 'utf8'))).toEqual({
      Credentials: {
        AccessKeyId: 'ASIADEPLOY',
        SecretAccessKey: 'ASIADEPLOY-secret',
        SessionToken: 'ASIADEPLOY-token',
        Expiration: '2026-11-30T13:00:00UTC',
        AccountId: '444455556666',
      },
      AssumedRoleUser: {
        AssumedRoleId: 'AROAEXAMPLE:deployer',
        Arn: 'arn:aws:sts::444455556666:assumed-role/Deploy/deployer',
      },
    });

    // a new process: the cached end of the chain answers, no STS call at all
    expect((await provider('deploy')()).accessKeyId).toBe('ASIADEPLOY');
  });

  it('assumes again when the cached result has 15 minutes or less left, and on forceRefresh (the SSO role credentials still from their cache)', async () => {
    await cacheRootCredentials();
    const cache = new AssumeRoleCache({ homeDir: home, clock });
    const soon = {
      accessKeyId: 'ASIAOLD',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(NOW + 15 * 60_000),
      accountId: ACCOUNT,
    };
    await cache.put({ RoleArn: ROLE_A }, { credentials: soon });
    const sent: Array<Record<string, string>> = [];
    expectSts(
      200,
      `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${SSO_ARN}</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      sent,
    );
    expectSts(200, assumeRoleXml('ASIANEW', ROLE_A, 'alice@example.com'), sent);
    expect((await provider('admin')()).accessKeyId).toBe('ASIANEW');

    // fresh in the cache now, but forceRefresh goes to STS again
    expectSts(
      200,
      `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>${SSO_ARN}</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>`,
      sent,
    );
    expectSts(200, assumeRoleXml('ASIAFORCED', ROLE_A, 'alice@example.com'), sent);
    expect((await provider('admin')({ forceRefresh: true })).accessKeyId).toBe('ASIAFORCED');
    expect(sent.filter((s) => s['Action'] === 'AssumeRole')).toHaveLength(2);
  });

  it('turns a denied AssumeRole into an error naming the role, the profile and the chain', async () => {
    await cacheRootCredentials();
    const sent: Array<Record<string, string>> = [];
    expectSts(200, assumeRoleXml('ASIAADMIN', ROLE_A, 'xx'), sent);
    expectSts(
      403,
      `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::111122223333:assumed-role/Admin/xx is not authorized to perform: sts:AssumeRole on resource: ${ROLE_B}</Message></Error><RequestId>r-9</RequestId></ErrorResponse>`,
      sent,
    );
    await writeConfig(CONFIG.replace('[profile admin]\n', '[profile admin]\nrole_session_name = xx\n'));
    const e = await provider('deploy')().then(
      () => undefined,
      (x: unknown) => x as { code?: string; message: string; cause?: { name?: string } },
    );
    expect(e?.code).toBe(ProviderErrorCode.ASSUME_ROLE_FAILED);
    expect(e?.message).toContain(
      `Could not assume role ${ROLE_B} for profile "deploy" (role chain deploy → admin → sso): AccessDenied`,
    );
    expect(e?.message).toContain('trust policy');
    expect(e?.message).not.toMatch(/ASIAADMIN-secret|ASIAADMIN-token|root-secret/);
    expect(e?.cause?.name).toBe('AccessDenied');
  });

  it('leaves non-chain SSO profiles as they were: a profile without role_arn never loads STS', async () => {
    await cacheRootCredentials();
    expect((await provider('sso')()).accessKeyId).toBe('ASIAROOT');
    expect(signedWith).toEqual([]);
  });
});

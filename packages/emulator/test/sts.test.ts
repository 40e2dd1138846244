import { GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  type STSClientConfig,
  STSServiceException,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';
import { rejectionOf, sdkClients } from './helpers.js';

const PROD = '111111111111';
const STAGING = '222222222222';
const DEPLOY = `arn:aws:iam::${PROD}:role/Deploy`;
const AUDIT = `arn:aws:iam::${STAGING}:role/Audit`;
const PARTNER = 'arn:aws:iam::333333333333:role/Partner';

/** `s` with its first character changed (a fixed replacement would sometimes be no change). */
const otherFirstChar = (s: string): string => `${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

describe('STS (AWS SDK v3 STSClient) against the emulator', () => {
  let emulator: RunningEmulator;
  const sts = (credentials: Creds) =>
    new STSClient({ region: emulator.region, endpoint: emulator.url, maxAttempts: 1, credentials });

  /** SSO role credentials from the portal, as `user` signed in. */
  async function ssoCreds(user: string, accountId: string, roleName: string): Promise<Creds> {
    const { accessToken } = emulator.admin.issueAccessToken(user);
    const { roleCredentials: r } = await sdkClients(emulator).sso.send(
      new GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
    );
    return {
      accessKeyId: r!.accessKeyId!,
      secretAccessKey: r!.secretAccessKey!,
      sessionToken: r!.sessionToken!,
    };
  }

  async function assume(from: Creds, RoleArn: string, extra: Record<string, unknown> = {}) {
    const out = await sts(from).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'ci-run', ...extra }));
    const c = out.Credentials!;
    return {
      out,
      creds: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    };
  }

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('GetCallerIdentity names the SSO role session of the signed-in user', async () => {
    const creds = await ssoCreds('alice', PROD, 'AdministratorAccess');
    const id = await sts(creds).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(PROD);
    expect(id.Arn).toMatch(
      new RegExp(`^arn:aws:sts::${PROD}:assumed-role/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}/alice$`),
    );
    expect(id.UserId).toMatch(/^AROA[A-Z2-7]{17}:alice$/);
    // the role's name and id are stable for the account and permission set, whoever signs in
    const again = await sts(await ssoCreds('alice', PROD, 'AdministratorAccess')).send(
      new GetCallerIdentityCommand({}),
    );
    expect(again.Arn).toBe(id.Arn);
    const bob = await sts(await ssoCreds('bob', PROD, 'ReadOnlyAccess')).send(
      new GetCallerIdentityCommand({}),
    );
    expect(bob.Arn).toMatch(/assumed-role\/AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}\/bob$/);
  });

  it('AssumeRole from SSO credentials, then a second AssumeRole from those (a two-step chain)', async () => {
    const sso = await ssoCreds('alice', PROD, 'AdministratorAccess');
    const before = emulator.admin.now();
    const deploy = await assume(sso, DEPLOY);
    expect(deploy.out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${PROD}:assumed-role/Deploy/ci-run`);
    expect(deploy.out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:ci-run$/);
    expect(deploy.creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(deploy.creds.secretAccessKey).toHaveLength(40);
    // one hour by default, on the emulator's clock (to the second)
    const expiresAt = deploy.out.Credentials!.Expiration!.getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3600_000);
    expect(expiresAt).toBeLessThanOrEqual(emulator.admin.now() + 3600_000);

    const asDeploy = await sts(deploy.creds).send(new GetCallerIdentityCommand({}));
    expect(asDeploy).toMatchObject({
      Account: PROD,
      Arn: deploy.out.AssumedRoleUser!.Arn,
      UserId: deploy.out.AssumedRoleUser!.AssumedRoleId,
    });

    const audit = await assume(deploy.creds, AUDIT, {
      RoleSessionName: 'audit@example.com',
      DurationSeconds: 900,
    });
    const asAudit = await sts(audit.creds).send(new GetCallerIdentityCommand({}));
    expect(asAudit.Account).toBe(STAGING);
    expect(asAudit.Arn).toBe(`arn:aws:sts::${STAGING}:assumed-role/Audit/audit@example.com`);
    expect(audit.out.Credentials!.Expiration!.getTime()).toBeLessThanOrEqual(emulator.admin.now() + 900_000);
    expect(emulator.admin.sizes().assumedRoleSessions).toBeGreaterThanOrEqual(2);
    expect(emulator.admin.assumedRoleSessions().map((s) => s.arn)).toContain(asAudit.Arn);
    const listed = (await (await fetch(`${emulator.url}/_emulator/assumed-role-sessions`)).json()) as {
      sessions: Array<Record<string, unknown>>;
    };
    const auditSession = listed.sessions.find((x) => x.arn === asAudit.Arn);
    expect(auditSession).toMatchObject({
      accountId: STAGING,
      roleArn: AUDIT,
      sessionName: 'audit@example.com',
      user: 'alice',
    });
    expect(auditSession).not.toHaveProperty('secretAccessKey');
    expect(auditSession).not.toHaveProperty('sessionToken');
    // logged and counted by action, like the other operations
    expect(emulator.admin.counters()).toMatchObject({
      AssumeRole: expect.any(Number),
      GetCallerIdentity: expect.any(Number),
    });
    const logged = emulator.admin.requests().filter((r) => r.operation === 'AssumeRole');
    expect(logged.at(-1)).toMatchObject({ method: 'POST', path: '/', status: 200 });
    expect(JSON.stringify(logged)).not.toContain(deploy.creds.sessionToken);
  });

  it('AssumeRole honours the trust rules: wrong principal or missing ExternalId is AccessDenied', async () => {
    const bob = await ssoCreds('bob', PROD, 'ReadOnlyAccess');
    const denied = await rejectionOf(
      sts(bob).send(new AssumeRoleCommand({ RoleArn: DEPLOY, RoleSessionName: 'x1' })),
    );
    expect(denied).toBeInstanceOf(STSServiceException);
    expect(denied.name).toBe('AccessDenied');
    expect((denied as unknown as STSServiceException).$metadata.httpStatusCode).toBe(403);
    expect(denied.message).toMatch(
      /^User: arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}\/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role\/Deploy$/,
    );

    const alice = await ssoCreds('alice', PROD, 'AdministratorAccess');
    // Audit trusts Deploy only, not the SSO role; an unknown role is denied the same way
    for (const RoleArn of [AUDIT, `arn:aws:iam::${PROD}:role/NoSuchRole`]) {
      const e = await rejectionOf(sts(alice).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'x1' })));
      expect(e.name).toBe('AccessDenied');
    }

    const deploy = await assume(alice, DEPLOY);
    const noExternalId = await rejectionOf(assume(deploy.creds, PARTNER));
    expect(noExternalId.name).toBe('AccessDenied');
    const wrongExternalId = await rejectionOf(assume(deploy.creds, PARTNER, { ExternalId: 'someone-else' }));
    expect(wrongExternalId.name).toBe('AccessDenied');
    const partner = await assume(deploy.creds, PARTNER, { ExternalId: 'ssokit-partner' });
    expect(partner.out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::333333333333:assumed-role/Partner/ci-run');
  });

  it('malformed AssumeRole input is a ValidationError in the words AWS uses', async () => {
    const alice = await ssoCreds('alice', PROD, 'AdministratorAccess');
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { RoleSessionName: 'a b' },
        "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      ],
      [
        { RoleSessionName: 'x' },
        "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
      ],
      [
        { RoleSessionName: 'x'.repeat(65) },
        `1 validation error detected: Value '${'x'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ],
      [
        { DurationSeconds: 899 },
        "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ],
      [
        { DurationSeconds: 43201, ExternalId: 'a' },
        "2 validation errors detected: Value 'a' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      ],
      [
        { ExternalId: 'spaces are not allowed' },
        "1 validation error detected: Value 'spaces are not allowed' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
      ],
      [
        { RoleArn: 'Deploy' },
        "1 validation error detected: Value 'Deploy' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
      ],
      [{ RoleArn: 'arn:aws:iam::111111111111:user/Deploy' }, 'Request ARN is invalid'],
      // every emulator credential is a role session: AssumeRole from it is role chaining
      [
        { DurationSeconds: 3601 },
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      ],
    ];
    for (const [input, message] of cases) {
      const e = await rejectionOf(
        sts(alice).send(new AssumeRoleCommand({ RoleArn: DEPLOY, RoleSessionName: 'ok', ...input })),
      );
      expect(e, JSON.stringify(input)).toBeInstanceOf(STSServiceException);
      expect(e.name).toBe('ValidationError');
      expect(e.message).toBe(message);
      expect((e as unknown as STSServiceException).$metadata.httpStatusCode).toBe(400);
    }
  });

  it('expired credentials are ExpiredToken once the emulator clock passes their expiry', async () => {
    const alice = await ssoCreds('alice', PROD, 'AdministratorAccess');
    const deploy = await assume(alice, DEPLOY, { DurationSeconds: 900 });
    emulator.admin.advanceClock(901_000);
    try {
      const e = await rejectionOf(sts(deploy.creds).send(new GetCallerIdentityCommand({})));
      expect(e).toBeInstanceOf(STSServiceException);
      expect(e.name).toBe('ExpiredToken');
      expect(e.message).toBe('The security token included in the request is expired');
      // the SSO credentials (one hour) are still good
      expect((await sts(alice).send(new GetCallerIdentityCommand({}))).Account).toBe(PROD);
      emulator.admin.advanceClock(3600_000);
      const ssoExpired = await rejectionOf(assume(alice, DEPLOY));
      expect(ssoExpired.name).toBe('ExpiredToken');
    } finally {
      emulator.admin.reset();
    }
  });

  it('a wrong secret is SignatureDoesNotMatch; a key the emulator never issued is InvalidClientTokenId', async () => {
    const alice = await ssoCreds('alice', PROD, 'AdministratorAccess');
    const badSig = await rejectionOf(
      sts({ ...alice, secretAccessKey: otherFirstChar(alice.secretAccessKey) }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(badSig).toBeInstanceOf(STSServiceException);
    expect(badSig.name).toBe('SignatureDoesNotMatch');
    expect((badSig as unknown as STSServiceException).$metadata.httpStatusCode).toBe(403);
    const unknown = await rejectionOf(
      sts({ ...alice, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' }).send(new GetCallerIdentityCommand({})),
    );
    expect(unknown.name).toBe('InvalidClientTokenId');
    expect(unknown.message).toBe('The security token included in the request is invalid.');
    const wrongToken = await rejectionOf(
      sts({ ...alice, sessionToken: 'not-the-token' }).send(new GetCallerIdentityCommand({})),
    );
    expect(wrongToken.name).toBe('InvalidClientTokenId');
  });

  it('accepts a signature for any region (one origin for every endpoint), not for another service', async () => {
    const alice = await ssoCreds('alice', PROD, 'AdministratorAccess');
    const inFrankfurt = new STSClient({
      region: 'eu-central-1',
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials: alice,
    });
    expect((await inFrankfurt.send(new GetCallerIdentityCommand({}))).Account).toBe(PROD);
    const asOidc = new STSClient({
      region: emulator.region,
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials: alice,
      signingName: 'sso-oauth',
    } as STSClientConfig);
    const e = await rejectionOf(asOidc.send(new GetCallerIdentityCommand({})));
    expect(e.name).toBe('SignatureDoesNotMatch');
    expect(e.message).toMatch(/service sts/);
  });

  it('answers unsigned requests with the Query error XML, a 4xx status and x-amzn-RequestId', async () => {
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const requestId = res.headers.get('x-amzn-requestid');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
        '<Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error>' +
        `<RequestId>${requestId}</RequestId></ErrorResponse>\n`,
    );
    const unknownAction = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetSessionToken&Version=2011-06-15',
    });
    expect(unknownAction.status).toBe(400);
    expect(await unknownAction.text()).toContain('<Code>InvalidAction</Code>');
  });
});

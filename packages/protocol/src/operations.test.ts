import { describe, expect, it } from 'vitest';
import { OPERATIONS } from './operations.js';
import { CreateToken, CreateTokenWithIAM, RegisterClient, StartDeviceAuthorization } from './sso-oidc.js';
import { GetRoleCredentials, ListAccountRoles, ListAccounts, Logout } from './sso-portal.js';

// Wire samples written from the AWS API references (see apps/docs/guides/design.md#wire-protocol),
// including members AWS added after the first release (issuerUrl/redirectUris/grantTypes on
// RegisterClient, PKCE members on CreateToken, authorizationEndpoint/tokenEndpoint on the response)
// and members no version of ours knows yet.
const samples = {
  RegisterClient: {
    request: {
      clientName: 'ssokit',
      clientType: 'public',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: 'https://my-org.awsapps.com/start',
    },
    response: {
      clientId: '_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID',
      clientSecret: 'VERYLONGSECRETeyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0',
      clientIdIssuedAt: 1579725929,
      clientSecretExpiresAt: 1587584729,
      authorizationEndpoint: 'https://oidc.us-east-1.amazonaws.com/authorize',
      tokenEndpoint: 'https://oidc.us-east-1.amazonaws.com/token',
      someFutureMember: { nested: true },
    },
  },
  StartDeviceAuthorization: {
    request: { clientId: 'cid', clientSecret: 'csecret', startUrl: 'https://my-org.awsapps.com/start' },
    response: {
      deviceCode: 'devicecode-abc',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
      expiresIn: 600,
      interval: 1,
    },
  },
  CreateToken: {
    request: {
      clientId: 'cid',
      clientSecret: 'csecret',
      grantType: 'authorization_code',
      code: 'the-code',
      redirectUri: 'http://127.0.0.1:51234/oauth/callback',
      codeVerifier: 'v'.repeat(64),
    },
    response: {
      accessToken: 'aoa-token',
      tokenType: 'Bearer',
      expiresIn: 3600,
      refreshToken: 'aor-token',
      idToken: 'eyJ.a.b',
      aws_unknown_extra: 1,
    },
  },
  CreateTokenWithIAM: {
    request: {
      clientId: 'arn:aws:sso::123456789012:application/ssoins-1/apl-1',
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: 'eyJ.assert.ion',
    },
    response: {
      accessToken: 'aoa',
      tokenType: 'Bearer',
      expiresIn: 3600,
      issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      scope: ['openid', 'sts:identity_context'],
      awsAdditionalDetails: { identityContext: 'EXAMPLEIDENTITYCONTEXT' },
    },
  },
  GetRoleCredentials: {
    request: { roleName: 'ReadOnly', accountId: '111122223333', accessToken: 'aoa' },
    response: {
      roleCredentials: {
        accessKeyId: 'ASIAEXAMPLE',
        secretAccessKey: 'secret',
        sessionToken: 'session',
        expiration: 1700000000000,
      },
    },
  },
  ListAccounts: {
    request: { accessToken: 'aoa', maxResults: 100, nextToken: 'opaque' },
    response: {
      nextToken: 'n2',
      accountList: [{ accountId: '111122223333', accountName: 'prod', emailAddress: 'aws-prod@example.com' }],
    },
  },
  ListAccountRoles: {
    request: { accessToken: 'aoa', accountId: '111122223333', maxResults: 5 },
    response: { roleList: [{ roleName: 'ReadOnly', accountId: '111122223333' }] },
  },
  Logout: { request: { accessToken: 'aoa' }, response: {} },
} as const;

describe('operation schemas', () => {
  it('cover all eight operations', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(samples).sort());
  });

  for (const [name, sample] of Object.entries(samples)) {
    const op = OPERATIONS[name as keyof typeof OPERATIONS];
    it(`${name} accepts a representative request and response`, () => {
      expect(op.input.parse(sample.request)).toEqual(sample.request);
      // lenient: unknown members pass through untouched
      expect(op.output.parse(sample.response)).toEqual(sample.response);
    });
  }

  it('responses tolerate missing optional members', () => {
    for (const op of Object.values(OPERATIONS)) expect(op.output.safeParse({}).success).toBe(true);
  });

  it('responses reject members of the wrong type', () => {
    expect(CreateToken.output.safeParse({ expiresIn: '3600' }).success).toBe(false);
    expect(GetRoleCredentials.output.safeParse({ roleCredentials: { expiration: 'soon' } }).success).toBe(
      false,
    );
  });

  const required: Array<[string, Record<string, unknown>, string]> = [
    ['RegisterClient', { clientType: 'public' }, 'clientName'],
    ['RegisterClient', { clientName: 'x' }, 'clientType'],
    ['StartDeviceAuthorization', { clientId: 'a', clientSecret: 'b' }, 'startUrl'],
    ['CreateToken', { clientId: 'a', clientSecret: 'b' }, 'grantType'],
    ['CreateToken', { grantType: 'refresh_token', clientSecret: 'b' }, 'clientId'],
    ['CreateTokenWithIAM', { clientId: 'arn' }, 'grantType'],
    ['GetRoleCredentials', { roleName: 'r', accessToken: 't' }, 'accountId'],
    ['ListAccounts', {}, 'accessToken'],
    ['ListAccountRoles', { accessToken: 't' }, 'accountId'],
    ['Logout', {}, 'accessToken'],
  ];
  for (const [name, input, member] of required) {
    it(`${name} rejects a request without ${member}, naming it`, () => {
      const result = OPERATIONS[name as keyof typeof OPERATIONS].input.safeParse(input);
      expect(result.success).toBe(false);
      const issue = result.error?.issues.find((i) => i.path[0] === member);
      expect(issue?.message).toContain(member);
    });
  }

  it('requests are exact about types', () => {
    expect(RegisterClient.input.safeParse({ clientName: 'x', clientType: 'confidential' }).success).toBe(
      false,
    );
    expect(
      CreateToken.input.safeParse({ clientId: 'a', clientSecret: 'b', grantType: 'x', scope: 'one' }).success,
    ).toBe(false);
    expect(ListAccounts.input.safeParse({ accessToken: 't', maxResults: 101 }).success).toBe(false);
    expect(ListAccounts.input.safeParse({ accessToken: 't', maxResults: 0 }).success).toBe(false);
    expect(
      ListAccountRoles.input.safeParse({ accessToken: 't', accountId: '1', maxResults: 2.5 }).success,
    ).toBe(false);
  });
});

describe('HTTP bindings', () => {
  it('match the documented wire binding (design notes, Wire protocol)', () => {
    const table = Object.values(OPERATIONS).map((op) => [op.name, op.service, op.method, op.path, op.signed]);
    expect(table).toEqual([
      ['RegisterClient', 'sso-oidc', 'POST', '/client/register', false],
      ['StartDeviceAuthorization', 'sso-oidc', 'POST', '/device_authorization', false],
      ['CreateToken', 'sso-oidc', 'POST', '/token', false],
      ['CreateTokenWithIAM', 'sso-oidc', 'POST', '/token?aws_iam=t', true],
      ['GetRoleCredentials', 'sso', 'GET', '/federation/credentials', false],
      ['ListAccounts', 'sso', 'GET', '/assignment/accounts', false],
      ['ListAccountRoles', 'sso', 'GET', '/assignment/roles', false],
      ['Logout', 'sso', 'POST', '/logout', false],
    ]);
  });

  it('bind portal members to their wire names', () => {
    expect(GetRoleCredentials.members).toMatchObject({
      roleName: { in: 'query', name: 'role_name' },
      accountId: { in: 'query', name: 'account_id' },
      accessToken: { in: 'header', name: 'x-amz-sso_bearer_token' },
    });
    expect(ListAccounts.members).toMatchObject({
      nextToken: { in: 'query', name: 'next_token' },
      maxResults: { in: 'query', name: 'max_result' },
    });
    expect(ListAccountRoles.members['accountId']).toEqual({ in: 'query', name: 'account_id' });
    expect(Logout.hasBody).toBe(false);
    expect(StartDeviceAuthorization.hasBody).toBe(true);
  });

  it('mark token-minting operations as not replay-safe', () => {
    expect(CreateToken.replaySafe).toBe(false);
    expect(CreateTokenWithIAM.replaySafe).toBe(false);
    expect(ListAccounts.replaySafe).toBe(true);
  });
});

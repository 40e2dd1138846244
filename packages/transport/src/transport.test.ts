import {
  CreateToken,
  CreateTokenWithIAM,
  GetRoleCredentials,
  GrantType,
  ListAccountRoles,
  ListAccounts,
  Logout,
  type OperationBinding,
  RegisterClient,
  StartDeviceAuthorization,
  ValidationError,
} from '@ssokit/protocol';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockAgent, rejection } from '../test/helpers.js';
import { isTransportError } from './errors.js';
import { Transport } from './transport.js';

const OIDC = 'https://oidc.us-east-1.amazonaws.com';
const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Captured {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

let agent: MockAgent;
beforeEach(() => {
  agent = mockAgent();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

/** Sends `input` and returns exactly what reached the wire, and the parsed output. */
async function capture(
  origin: string,
  op: OperationBinding,
  input: unknown,
  reply: { status?: number; body?: string } = {},
): Promise<{ sent: Captured; output: unknown }> {
  let sent: Captured | undefined;
  agent
    .get(new URL(origin).origin)
    .intercept({ path: () => true, method: op.method })
    .reply((opts) => {
      sent = {
        method: opts.method,
        path: opts.path,
        headers: Object.fromEntries(Object.entries(opts.headers as Record<string, string>)),
        body:
          typeof opts.body === 'string'
            ? opts.body
            : opts.body === undefined || opts.body === null
              ? undefined
              : String(opts.body),
      };
      return { statusCode: reply.status ?? 200, data: reply.body ?? '{}' };
    });
  const transport = new Transport({
    endpoint: origin,
    dispatcher: agent,
    userAgent: { packageName: '@ssokit/test', packageVersion: '9.8.7' },
  });
  const output = await transport.send(op, input as never);
  if (!sent) throw new Error('nothing was sent');
  return { sent, output };
}

function expectCommonHeaders(h: Record<string, string>) {
  expect(h['user-agent']).toBe(`ssokit/9.8.7 (@ssokit/test) node/${process.versions.node}`);
  expect(h['amz-sdk-invocation-id']).toMatch(UUID_RE);
  expect(h['amz-sdk-request']).toBe('attempt=1; max=3');
  expect(h['accept']).toBe('application/json');
}

describe('wire shape of each operation', () => {
  it('RegisterClient: POST /client/register with a JSON body', async () => {
    const { sent, output } = await capture(
      OIDC,
      RegisterClient,
      { clientName: 'ssokit', clientType: 'public', scopes: ['sso:account:access'] },
      {
        body: '{"clientId":"cid","clientSecret":"cs","clientIdIssuedAt":1700000000,"clientSecretExpiresAt":1707776000}',
      },
    );
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/client/register');
    expect(sent.headers['content-type']).toBe('application/json');
    expectCommonHeaders(sent.headers);
    expect(JSON.parse(sent.body ?? '')).toEqual({
      clientName: 'ssokit',
      clientType: 'public',
      scopes: ['sso:account:access'],
    });
    expect(output).toMatchObject({ clientId: 'cid', clientSecretExpiresAt: 1707776000 });
  });

  it('StartDeviceAuthorization: POST /device_authorization', async () => {
    const input = { clientId: 'cid', clientSecret: 'cs', startUrl: 'https://my-org.awsapps.com/start' };
    const { sent, output } = await capture(OIDC, StartDeviceAuthorization, input, {
      body: '{"deviceCode":"dc","userCode":"ABCD-EFGH","verificationUri":"https://device.sso.us-east-1.amazonaws.com/","expiresIn":600,"interval":1}',
    });
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/device_authorization');
    expect(sent.headers['content-type']).toBe('application/json');
    expectCommonHeaders(sent.headers);
    expect(JSON.parse(sent.body ?? '')).toEqual(input);
    expect(output).toMatchObject({ userCode: 'ABCD-EFGH', interval: 1 });
  });

  it('CreateToken: POST /token, optional members left out when undefined', async () => {
    const input = {
      clientId: 'cid',
      clientSecret: 'cs',
      grantType: GrantType.DEVICE_CODE,
      deviceCode: 'dc',
      code: undefined,
    };
    const { sent, output } = await capture(OIDC, CreateToken, input, {
      body: '{"accessToken":"at","tokenType":"Bearer","expiresIn":28800,"refreshToken":"rt","aNewMember":true}',
    });
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/token');
    expect(sent.headers['content-type']).toBe('application/json');
    expectCommonHeaders(sent.headers);
    expect(JSON.parse(sent.body ?? '')).toEqual({
      clientId: 'cid',
      clientSecret: 'cs',
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: 'dc',
    });
    // Unknown members from a newer AWS pass through.
    expect(output).toEqual({
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 28800,
      refreshToken: 'rt',
      aNewMember: true,
    });
  });

  it('CreateTokenWithIAM: POST /token?aws_iam=t, signed by the given signer', async () => {
    const input = {
      clientId: 'arn:aws:sso::123456789012:application/ssoins-1/apl-1',
      grantType: GrantType.JWT_BEARER,
      assertion: 'eyJhbGciOi.jwt.sig',
    };
    let sent: Captured | undefined;
    let signed:
      | { method: string; url: string; body: string | undefined; headers: Record<string, string> }
      | undefined;
    agent
      .get(OIDC)
      .intercept({ path: () => true, method: 'POST' })
      .reply((opts) => {
        sent = {
          method: opts.method,
          path: opts.path,
          headers: opts.headers as Record<string, string>,
          body: String(opts.body),
        };
        return {
          statusCode: 200,
          data: '{"accessToken":"at","issuedTokenType":"urn:ietf:params:oauth:token-type:refresh_token","scope":["openid"]}',
        };
      });
    const transport = new Transport({ endpoint: OIDC, dispatcher: agent });
    const out = await transport.send(CreateTokenWithIAM, input, {
      signer: async (req) => {
        signed = { method: req.method, url: req.url.href, body: req.body, headers: req.headers };
        return {
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sso-oauth/aws4_request, SignedHeaders=host, Signature=abc',
          'X-Amz-Date': '20260101T000000Z',
        };
      },
    });
    expect(sent?.path).toBe('/token?aws_iam=t');
    expect(sent?.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(sent?.headers['x-amz-date']).toBe('20260101T000000Z');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent?.body ?? '')).toEqual(input);
    // The signer saw exactly what was sent.
    expect(signed?.url).toBe(`${OIDC}/token?aws_iam=t`);
    expect(signed?.method).toBe('POST');
    expect(signed?.body).toBe(sent?.body);
    expect(signed?.headers['content-type']).toBe('application/json');
    expect(out.scope).toEqual(['openid']);
  });

  it('GetRoleCredentials: GET with role_name/account_id query and the bearer header, no body', async () => {
    const { sent, output } = await capture(
      PORTAL,
      GetRoleCredentials,
      { roleName: 'Admin Role', accountId: '123456789012', accessToken: 'aoa-token' },
      {
        body: '{"roleCredentials":{"accessKeyId":"ASIA1","secretAccessKey":"sk","sessionToken":"st","expiration":1767229200000}}',
      },
    );
    expect(sent.method).toBe('GET');
    const url = new URL(sent.path, PORTAL);
    expect(url.pathname).toBe('/federation/credentials');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      role_name: 'Admin Role',
      account_id: '123456789012',
    });
    // A space is percent-encoded, as restJson1 expects, not '+'.
    expect(sent.path).toContain('role_name=Admin%20Role');
    expect(sent.headers['x-amz-sso_bearer_token']).toBe('aoa-token');
    expect(sent.headers['content-type']).toBeUndefined();
    expect(sent.body).toBeUndefined();
    expectCommonHeaders(sent.headers);
    expect(output).toEqual({
      roleCredentials: {
        accessKeyId: 'ASIA1',
        secretAccessKey: 'sk',
        sessionToken: 'st',
        expiration: 1767229200000,
      },
    });
  });

  it('ListAccounts: GET /assignment/accounts with next_token and max_result', async () => {
    const { sent, output } = await capture(
      PORTAL,
      ListAccounts,
      { accessToken: 'aoa-token', nextToken: 'page/2+=', maxResults: 50 },
      {
        body: '{"accountList":[{"accountId":"123456789012","accountName":"prod","emailAddress":"a@example.com"}]}',
      },
    );
    expect(sent.method).toBe('GET');
    const url = new URL(sent.path, PORTAL);
    expect(url.pathname).toBe('/assignment/accounts');
    expect(Object.fromEntries(url.searchParams)).toEqual({ next_token: 'page/2+=', max_result: '50' });
    expect(sent.headers['x-amz-sso_bearer_token']).toBe('aoa-token');
    expect(sent.headers['content-type']).toBeUndefined();
    expect(sent.body).toBeUndefined();
    expectCommonHeaders(sent.headers);
    expect(output).toMatchObject({ accountList: [{ accountId: '123456789012', accountName: 'prod' }] });
  });

  it('ListAccounts: no query string when no query member is given', async () => {
    const { sent } = await capture(
      PORTAL,
      ListAccounts,
      { accessToken: 'aoa-token' },
      { body: '{"accountList":[]}' },
    );
    expect(sent.path).toBe('/assignment/accounts');
  });

  it('ListAccountRoles: GET /assignment/roles with account_id', async () => {
    const { sent, output } = await capture(
      PORTAL,
      ListAccountRoles,
      { accessToken: 'aoa-token', accountId: '123456789012', maxResults: 1 },
      { body: '{"nextToken":"n2","roleList":[{"roleName":"ReadOnly","accountId":"123456789012"}]}' },
    );
    expect(sent.method).toBe('GET');
    const url = new URL(sent.path, PORTAL);
    expect(url.pathname).toBe('/assignment/roles');
    expect(Object.fromEntries(url.searchParams)).toEqual({ account_id: '123456789012', max_result: '1' });
    expect(sent.headers['x-amz-sso_bearer_token']).toBe('aoa-token');
    expect(sent.body).toBeUndefined();
    expectCommonHeaders(sent.headers);
    expect(output).toEqual({
      nextToken: 'n2',
      roleList: [{ roleName: 'ReadOnly', accountId: '123456789012' }],
    });
  });

  it('Logout: POST /logout with the bearer header, no body, no content-type; empty 200 is {}', async () => {
    const { sent, output } = await capture(PORTAL, Logout, { accessToken: 'aoa-token' }, { body: '' });
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/logout');
    expect(sent.headers['x-amz-sso_bearer_token']).toBe('aoa-token');
    expect(sent.headers['content-type']).toBeUndefined();
    expect(sent.body).toBeUndefined();
    expectCommonHeaders(sent.headers);
    expect(output).toEqual({});
  });

  it('keeps a path prefix of the endpoint (e.g. an emulator mounted under /oidc)', async () => {
    const { sent } = await capture('https://oidc.us-east-1.amazonaws.com/prefix/', RegisterClient, {
      clientName: 'x',
      clientType: 'public',
    });
    expect(sent.path).toBe('/prefix/client/register');
  });

  it('sends the default user agent of this package', async () => {
    let ua: string | undefined;
    agent
      .get(PORTAL)
      .intercept({ path: '/logout', method: 'POST' })
      .reply((opts) => {
        ua = (opts.headers as Record<string, string>)['user-agent'];
        return { statusCode: 200, data: '' };
      });
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } });
    await new Transport({ endpoint: PORTAL, dispatcher: agent }).send(Logout, { accessToken: 't' });
    expect(ua).toBe(`ssokit/${pkg.version} (@ssokit/transport) node/${process.versions.node}`);
  });
});

describe('close()', () => {
  it('leaves an injected dispatcher open', async () => {
    const transport = new Transport({ endpoint: PORTAL, dispatcher: agent });
    await transport.close();
    agent.get(PORTAL).intercept({ path: '/logout', method: 'POST' }).reply(200, '');
    await expect(
      new Transport({ endpoint: PORTAL, dispatcher: agent }).send(Logout, { accessToken: 't' }),
    ).resolves.toEqual({});
  });

  it('is safe to call when the default agent was never created', async () => {
    await expect(new Transport({ endpoint: PORTAL }).close()).resolves.toBeUndefined();
  });
});

describe('input and response validation', () => {
  it('rejects input missing a required member, naming it, before any request', async () => {
    const transport = new Transport({ endpoint: OIDC, dispatcher: agent });
    const err = await rejection(
      transport.send(CreateToken, { clientId: 'cid', grantType: 'refresh_token' } as never),
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).member).toBe('clientSecret');
    expect((err as Error).message).toContain('clientSecret');
  });

  it('never echoes a wrongly typed secret value', async () => {
    const transport = new Transport({ endpoint: PORTAL, dispatcher: agent });
    const err = await rejection(transport.send(ListAccounts, { accessToken: 'tok', maxResults: 500 }));
    expect((err as ValidationError).member).toBe('maxResults');
    expect((err as Error).message).toMatch(/between 1 and 100/);
  });

  it('refuses plain http:// to a non-loopback endpoint', () => {
    expect(() => new Transport({ endpoint: 'http://oidc.us-east-1.amazonaws.com' })).toThrow(ValidationError);
    expect(new Transport({ endpoint: 'http://127.0.0.1:8080/' }).endpoint).toBe('http://127.0.0.1:8080');
  });

  it.each([
    ['malformed JSON', '{"accessToken": "abc'],
    ['a JSON body of the wrong shape', '{"expiresIn":"soon"}'],
    ['an HTML page', '<html>proxy login</html>'],
  ])('a 2xx with %s is INVALID_RESPONSE', async (_what, body) => {
    agent.get(OIDC).intercept({ path: '/token', method: 'POST' }).reply(200, body);
    const transport = new Transport({ endpoint: OIDC, dispatcher: agent });
    const err = await rejection(
      transport.send(CreateToken, {
        clientId: 'c',
        clientSecret: 's',
        grantType: 'refresh_token',
        refreshToken: 'r',
      }),
    );
    expect(isTransportError(err, 'ERR_SSOKIT_INVALID_RESPONSE')).toBe(true);
    expect((err as Error).message).toMatch(/sso-oidc CreateToken returned a response that/);
    expect((err as { isRetryable: boolean }).isRetryable).toBe(false);
  });

  it('names the member that failed the response schema', async () => {
    agent
      .get(PORTAL)
      .intercept({ path: () => true, method: 'GET' })
      .reply(200, '{"accountList":[{"accountId":42}]}');
    const transport = new Transport({ endpoint: PORTAL, dispatcher: agent });
    const err = await rejection(transport.send(ListAccounts, { accessToken: 't' }));
    expect((err as Error).message).toContain('accountList.0.accountId');
  });
});

import { isServiceError, isTransportError } from '@ssokit/transport';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TooManyRequestsException, UnauthorizedException } from './errors.js';
import { SsoPortalClient } from './portal-client.js';

const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const TOKEN = 'aoaAAAAAGsecret-access-token';

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function client(extra: ConstructorParameters<typeof SsoPortalClient>[0] = {}) {
  return new SsoPortalClient({ region: 'us-east-1', env: {}, dispatcher: agent, random: () => 0, ...extra });
}

/** Answers the next request with `reply` and records what was sent. */
function expectRequest(reply: { status?: number; body?: unknown; headers?: Record<string, string> } = {}) {
  const seen: Seen[] = [];
  agent
    .get(PORTAL)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      seen.push({
        method: opts.method,
        path: opts.path,
        headers: { ...(opts.headers as Record<string, string>) },
        body: opts.body,
      });
      return {
        statusCode: reply.status ?? 200,
        data: reply.body === undefined ? '' : JSON.stringify(reply.body),
        responseOptions: { headers: { 'content-type': 'application/json', ...reply.headers } },
      };
    });
  return seen;
}

function split(path: string): { pathname: string; query: Record<string, string> } {
  const url = new URL(path, PORTAL);
  return { pathname: url.pathname, query: Object.fromEntries(url.searchParams) };
}

describe('SsoPortalClient operations on the wire', () => {
  it('getRoleCredentials: GET /federation/credentials?role_name&account_id, bearer header, no body', async () => {
    const seen = expectRequest({
      body: {
        roleCredentials: {
          accessKeyId: 'ASIAEXAMPLE',
          secretAccessKey: 'secret',
          sessionToken: 'session',
          expiration: 1_900_000_000_123,
        },
      },
    });
    const out = await client().getRoleCredentials({
      roleName: 'Read Only',
      accountId: '111111111111',
      accessToken: TOKEN,
    });
    expect(out.roleCredentials?.expiration).toBe(1_900_000_000_123);
    const [req] = seen;
    expect(req?.method).toBe('GET');
    expect(split(req!.path)).toEqual({
      pathname: '/federation/credentials',
      query: { role_name: 'Read Only', account_id: '111111111111' },
    });
    expect(req?.headers['x-amz-sso_bearer_token']).toBe(TOKEN);
    expect(req?.headers['content-type']).toBeUndefined();
    expect(req?.body ?? undefined).toBeUndefined();
  });

  it('listAccounts: GET /assignment/accounts with next_token and max_result', async () => {
    const seen = expectRequest({ body: { accountList: [{ accountId: '1' }], nextToken: 'n2' } });
    const out = await client().listAccounts({ accessToken: TOKEN, nextToken: 'n1', maxResults: 7 });
    expect(out).toEqual({ accountList: [{ accountId: '1' }], nextToken: 'n2' });
    expect(seen[0]?.method).toBe('GET');
    expect(split(seen[0]!.path)).toEqual({
      pathname: '/assignment/accounts',
      query: { next_token: 'n1', max_result: '7' },
    });
    expect(seen[0]?.headers['x-amz-sso_bearer_token']).toBe(TOKEN);
    expect(seen[0]?.body ?? undefined).toBeUndefined();
  });

  it('listAccounts without paging members sends no query at all', async () => {
    const seen = expectRequest({ body: { accountList: [] } });
    await client().listAccounts({ accessToken: TOKEN });
    expect(seen[0]?.path).toBe('/assignment/accounts');
  });

  it('listAccountRoles: GET /assignment/roles with account_id, next_token, max_result', async () => {
    const seen = expectRequest({ body: { roleList: [{ roleName: 'Admin', accountId: '2' }] } });
    const out = await client().listAccountRoles({
      accessToken: TOKEN,
      accountId: '222222222222',
      nextToken: 'tok/+=',
      maxResults: 100,
    });
    expect(out.roleList).toEqual([{ roleName: 'Admin', accountId: '2' }]);
    expect(seen[0]?.method).toBe('GET');
    expect(split(seen[0]!.path)).toEqual({
      pathname: '/assignment/roles',
      query: { account_id: '222222222222', next_token: 'tok/+=', max_result: '100' },
    });
    expect(seen[0]?.headers['x-amz-sso_bearer_token']).toBe(TOKEN);
    expect(seen[0]?.body ?? undefined).toBeUndefined();
  });

  it('logout: POST /logout with the bearer header and no body', async () => {
    const seen = expectRequest({});
    await expect(client().logout({ accessToken: TOKEN })).resolves.toEqual({});
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.path).toBe('/logout');
    expect(seen[0]?.headers['x-amz-sso_bearer_token']).toBe(TOKEN);
    expect(seen[0]?.headers['content-type']).toBeUndefined();
    expect(seen[0]?.body ?? undefined).toBeUndefined();
  });

  it('rejects invalid input before sending anything', async () => {
    await expect(client().listAccounts({ accessToken: TOKEN, maxResults: 101 })).rejects.toMatchObject({
      code: 'ERR_SSOKIT_INVALID_INPUT',
    });
    await expect(
      client().getRoleCredentials({ accessToken: TOKEN, accountId: '', roleName: 'x' }),
    ).rejects.toMatchObject({ code: 'ERR_SSOKIT_INVALID_INPUT' });
  });
});

describe('SsoPortalClient errors and retries', () => {
  it('a 401 is an UnauthorizedException, not retried, without the token in it', async () => {
    const seen = expectRequest({
      status: 401,
      headers: { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/' },
      body: { message: 'Session token not found or invalid' },
    });
    const err = await client()
      .listAccounts({ accessToken: TOKEN })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedException);
    expect(err).not.toBeInstanceOf(TooManyRequestsException);
    expect(seen).toHaveLength(1);
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it('a 429 is retried (3 attempts in all) and then surfaces as TooManyRequestsException', async () => {
    const all = [
      expectRequest({ status: 429, body: { message: 'Rate exceeded' } }),
      expectRequest({ status: 429, body: { message: 'Rate exceeded' } }),
      expectRequest({ status: 429, body: { message: 'Rate exceeded' } }),
    ];
    const err = await client()
      .listAccountRoles({ accessToken: TOKEN, accountId: '1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(isServiceError(err) && err.throttling).toBe(true);
    expect(all.map((s) => s.length)).toEqual([1, 1, 1]);
    expect(all.map((s) => s[0]?.headers['amz-sdk-request'])).toEqual([
      'attempt=1; max=3',
      'attempt=2; max=3',
      'attempt=3; max=3',
    ]);
  });

  it('retry: false sends exactly one attempt', async () => {
    const first = expectRequest({ status: 503, body: { message: 'unavailable' } });
    const err = await client()
      .listAccounts({ accessToken: TOKEN }, { retry: false })
      .catch((e: unknown) => e);
    expect(isServiceError(err) && err.status).toBe(503);
    expect(first).toHaveLength(1);
    expect(first[0]?.headers['amz-sdk-request']).toBe('attempt=1; max=1');
  });

  it('honours an AbortSignal', async () => {
    const err = await client()
      .listAccounts({ accessToken: TOKEN }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
  });
});

describe('SsoPortalClient endpoint', () => {
  it('resolves the regional, FIPS and overridden endpoints (design notes, Endpoints)', async () => {
    expect(new SsoPortalClient({ region: 'eu-west-1', env: {} }).endpoint).toBe(
      'https://portal.sso.eu-west-1.amazonaws.com',
    );
    expect(new SsoPortalClient({ region: 'us-gov-west-1', fips: true, env: {} }).endpoint).toBe(
      'https://portal.sso-fips.us-gov-west-1.amazonaws.com',
    );
    expect(new SsoPortalClient({ region: 'cn-north-1', env: {} }).endpoint).toBe(
      'https://portal.sso.cn-north-1.amazonaws.com.cn',
    );
    const env = { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9000', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
    const fromEnv = new SsoPortalClient({ region: 'us-east-1', env });
    expect(fromEnv.endpoint).toBe('http://127.0.0.1:9000');
    expect(fromEnv.region).toBe('us-east-1');
    expect(new SsoPortalClient({ endpoint: 'http://localhost:8080/', env }).endpoint).toBe(
      'http://localhost:8080',
    );
    expect(() => new SsoPortalClient({ endpoint: 'http://example.com', env: {} })).toThrow(/loopback/);
    expect(() => new SsoPortalClient({ env: {} })).toThrow(/region/);
    await new SsoPortalClient({ region: 'us-east-1', env: {} }).close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../src/index.js';
import { inProcessEmulator, pkcePair, postJson, type RawResponse } from './helpers.js';

// The rules of the service, driven in-process through app.request(): no sockets here.
const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

async function start(options: EmulatorOptions = {}) {
  const e = inProcessEmulator({ pollIntervalSeconds: 1, ...options });
  const fetch = e.fetch;
  const post = (path: string, body: unknown, headers?: Record<string, string>) =>
    postJson(`${e.url}${path}`, body, headers, fetch);
  const get = async (path: string, token?: string): Promise<RawResponse> => {
    const res = await fetch(`${e.url}${path}`, { headers: token ? { 'x-amz-sso_bearer_token': token } : {} });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, text, json };
  };
  const register = async (extra: Record<string, unknown> = {}) => {
    const r = await post('/client/register', {
      clientName: 'sem',
      clientType: 'public',
      scopes: ['sso:account:access'],
      ...extra,
    });
    expect(r.status).toBe(200);
    return r.json as { clientId: string; clientSecret: string };
  };
  const device = async (client: { clientId: string; clientSecret: string }) => {
    const r = await post('/device_authorization', { ...client, startUrl: e.startUrl });
    expect(r.status).toBe(200);
    return r.json as { deviceCode: string; userCode: string; interval: number };
  };
  const poll = (client: { clientId: string; clientSecret: string }, deviceCode: string) =>
    post('/token', { ...client, grantType: DEVICE, deviceCode });
  return { e, fetch, post, get, register, device, poll };
}

const expectOidcError = (r: RawResponse, status: number, name: string, error: string) => {
  expect(r.status).toBe(status);
  expect(r.headers.get('x-amzn-errortype')).toBe(name);
  expect(r.json.error).toBe(error);
  expect(typeof r.json.error_description).toBe('string');
};
const expectPortalError = (r: RawResponse, status: number, name: string) => {
  expect(r.status).toBe(status);
  expect(r.headers.get('x-amzn-errortype')).toBe(name);
  expect(typeof r.json.message).toBe('string');
  expect(r.json.error).toBeUndefined();
};

describe('wire format', () => {
  it('puts x-amzn-requestid on every response, errors included', async () => {
    const { get, post } = await start();
    const answers = [
      await get('/start'),
      await get('/device'),
      await get('/nope'),
      await post('/client/register', '{'),
      await get('/assignment/accounts'),
    ];
    const ids = answers.map((a) => a.headers.get('x-amzn-requestid'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // a real one listens on 127.0.0.1 by default
    const listening = await startEmulator();
    running.push(listening);
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers malformed requests with a described 4xx', async () => {
    const { post, register } = await start();
    expectOidcError(
      await post('/client/register', '{"clientName":'),
      400,
      'InvalidRequestException',
      'invalid_request',
    );
    expectOidcError(
      await post('/client/register', '[1,2]'),
      400,
      'InvalidRequestException',
      'invalid_request',
    );
    const wrongType = await post('/client/register', { clientName: 5, clientType: 'public' });
    expect(wrongType.json.error_description).toContain('clientName');
    expectOidcError(
      await post('/client/register', { clientName: 'x', clientType: 'confidential' }),
      400,
      'InvalidRequestException',
      'invalid_request',
    );
    const c = await register();
    const missing = await post('/token', { ...c });
    expectOidcError(missing, 400, 'InvalidRequestException', 'invalid_request');
    expect(missing.json.error_description).toContain('grantType');
    expectOidcError(
      await post('/token', { ...c, grantType: 'urn:example:unknown' }),
      400,
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
    );
    const big = await post('/client/register', { clientName: 'x'.repeat(70 * 1024), clientType: 'public' });
    expect(big.status).toBe(413);
    expect(big.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
  });
});

describe('RegisterClient', () => {
  it('checks redirect URIs and matches a portless loopback registration on any port', async () => {
    const { e, post, register } = await start();
    const bad = await post('/client/register', {
      clientName: 'x',
      clientType: 'public',
      grantTypes: ['authorization_code'],
      redirectUris: ['http://example.com/cb'],
      issuerUrl: e.startUrl,
    });
    expectOidcError(bad, 400, 'InvalidRedirectUriException', 'invalid_redirect_uri');
    const noRedirect = await post('/client/register', {
      clientName: 'x',
      clientType: 'public',
      grantTypes: ['authorization_code'],
      issuerUrl: e.startUrl,
    });
    expect(noRedirect.status).toBe(400);
    const c = await register({
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: e.startUrl,
    });
    const { challenge } = pkcePair();
    const authorize = (redirectUri: string) =>
      e.fetch(
        `${e.url}/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: c.clientId,
          redirect_uri: redirectUri,
          state: 's',
          code_challenge_method: 'S256',
          code_challenge: challenge,
          scopes: 'sso:account:access',
        })}`,
        { redirect: 'manual' },
      );
    expect((await authorize('http://127.0.0.1:5555/oauth/callback')).status).toBe(200);
    expect((await authorize('http://127.0.0.1:61000/oauth/callback')).status).toBe(200);
    expect((await authorize('http://127.0.0.1:5555/other')).status).toBe(400);
    expect((await authorize('http://localhost:5555/oauth/callback')).status).toBe(400);
  });

  it('expires client secrets after the configured lifetime', async () => {
    const { e, post, register } = await start({ clientSecretTtlSeconds: 100 });
    const c = await register();
    // expiry is in whole seconds from the (floored) issue time: leave half a second of slack
    e.admin.advanceClock(98_500);
    expect((await post('/device_authorization', { ...c, startUrl: e.startUrl })).status).toBe(200);
    e.admin.advanceClock(2_000);
    expectOidcError(
      await post('/device_authorization', { ...c, startUrl: e.startUrl }),
      401,
      'InvalidClientException',
      'invalid_client',
    );
  });
});

describe('device authorization', () => {
  it('answers slow_down when polled faster than the interval, and adds 5 s to it', async () => {
    // a 5 s interval keeps "immediately" well inside it even on a loaded machine
    const { e, poll, register, device } = await start({ pollIntervalSeconds: 5 });
    const c = await register();
    const d = await device(c);
    expect(d.interval).toBe(5);
    expectOidcError(
      await poll(c, d.deviceCode),
      400,
      'AuthorizationPendingException',
      'authorization_pending',
    );
    expectOidcError(await poll(c, d.deviceCode), 400, 'SlowDownException', 'slow_down');
    // the interval is now 10 s: 1 s later is still too early (and makes it 15 s); 15 s later is fine
    e.admin.advanceClock(1_000);
    expectOidcError(await poll(c, d.deviceCode), 400, 'SlowDownException', 'slow_down');
    e.admin.advanceClock(15_001);
    expectOidcError(
      await poll(c, d.deviceCode),
      400,
      'AuthorizationPendingException',
      'authorization_pending',
    );
  });

  it('expires device codes and makes them single use', async () => {
    const { e, poll, register, device } = await start({ deviceCodeExpiresInSeconds: 30 });
    const c = await register();
    const d = await device(c);
    e.admin.advanceClock(30_000);
    expectOidcError(await poll(c, d.deviceCode), 400, 'ExpiredTokenException', 'expired_token');
    expect(() => e.admin.approve(d.userCode)).toThrow(/expired|unknown/);
    const d2 = await device(c);
    expect(e.admin.pendingDeviceAuthorizations().map((p) => p.userCode)).toEqual([d2.userCode]);
    e.admin.approve(d2.userCode.toLowerCase().replace('-', ''));
    expect((await poll(c, d2.deviceCode)).status).toBe(200);
    expectOidcError(await poll(c, d2.deviceCode), 400, 'InvalidGrantException', 'invalid_grant');
    // another client cannot redeem someone else's device code
    const other = await register();
    const d3 = await device(c);
    e.admin.approve(d3.userCode);
    expectOidcError(await poll(other, d3.deviceCode), 400, 'InvalidGrantException', 'invalid_grant');
  });

  it('auto-approves as the default user, or the named one', async () => {
    const { poll, register, device, get } = await start({ autoApprove: { user: 'bob' } });
    const c = await register();
    const d = await device(c);
    const t = await poll(c, d.deviceCode);
    expect(t.status).toBe(200);
    const accounts = await get('/assignment/accounts', t.json.accessToken as string);
    expect((accounts.json.accountList as unknown[]).length).toBe(2);
    await expect(startEmulator({ autoApprove: { user: 'mallory' } })).rejects.toThrow(/mallory/);
  });
});

describe('authorization code + PKCE', () => {
  async function authorized(options: EmulatorOptions = {}) {
    const s = await start({ autoApprove: true, ...options });
    const c = await s.register({
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: s.e.startUrl,
    });
    const { verifier, challenge } = pkcePair();
    const redirectUri = 'http://127.0.0.1:40000/oauth/callback';
    const q = (over: Record<string, string> = {}) =>
      new URLSearchParams({
        response_type: 'code',
        client_id: c.clientId,
        redirect_uri: redirectUri,
        state: 'xyz',
        code_challenge_method: 'S256',
        code_challenge: challenge,
        scopes: 'sso:account:access',
        ...over,
      });
    const res = await s.e.fetch(`${s.e.url}/authorize?${q()}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('xyz');
    const exchange = (over: Record<string, string> = {}) =>
      s.post('/token', {
        ...c,
        grantType: 'authorization_code',
        code: loc.searchParams.get('code'),
        redirectUri,
        codeVerifier: verifier,
        ...over,
      });
    return { ...s, c, q, exchange, verifier };
  }

  it('rejects a wrong verifier, and burns the code on that attempt', async () => {
    const { exchange } = await authorized();
    const wrong = await exchange({ codeVerifier: 'a'.repeat(43) });
    expectOidcError(wrong, 400, 'InvalidGrantException', 'invalid_grant');
    expectOidcError(await exchange(), 400, 'InvalidGrantException', 'invalid_grant');
  });

  it('rejects a different redirect URI and an expired code', async () => {
    const a = await authorized();
    expectOidcError(
      await a.exchange({ redirectUri: 'http://127.0.0.1:40001/oauth/callback' }),
      400,
      'InvalidGrantException',
      'invalid_grant',
    );
    const b = await authorized({ authCodeTtlSeconds: 10 });
    b.e.admin.advanceClock(10_000);
    expectOidcError(await b.exchange(), 400, 'InvalidGrantException', 'invalid_grant');
    const c = await authorized();
    expect((await c.exchange()).status).toBe(200);
  });

  it('redirects validation errors with state, and shows client problems on a page', async () => {
    const { e, q } = await authorized();
    const go = (over: Record<string, string>) =>
      e.fetch(`${e.url}/authorize?${q(over)}`, { redirect: 'manual' });
    const plain = await go({ code_challenge_method: 'plain' });
    expect(plain.status).toBe(302);
    const loc = new URL(plain.headers.get('location')!);
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('state')).toBe('xyz');
    const scope = new URL((await go({ scopes: 'codewhisperer:completions' })).headers.get('location')!);
    expect(scope.searchParams.get('error')).toBe('invalid_scope');
    const type = new URL((await go({ response_type: 'token' })).headers.get('location')!);
    expect(type.searchParams.get('error')).toBe('unsupported_response_type');
    expect((await go({ client_id: 'unknown' })).status).toBe(400);
    const noState = new URL((await go({ state: '' })).headers.get('location')!);
    expect(noState.searchParams.get('error')).toBe('invalid_request');
  });
});

describe('tokens and sessions', () => {
  it('issues refresh tokens only to registrations that asked for them', async () => {
    const { e, poll, register, device } = await start();
    const legacy = await register({ scopes: undefined });
    const d = await device(legacy);
    e.admin.approve(d.userCode);
    const t = await poll(legacy, d.deviceCode);
    expect(t.status).toBe(200);
    expect(t.json.refreshToken).toBeUndefined();
  });

  it('bounds refresh by the session duration and expires access tokens', async () => {
    const { e, post, get, poll, register, device } = await start({
      sessionDurationSeconds: 7200,
      accessTokenTtlSeconds: 900,
    });
    const c = await register();
    const d = await device(c);
    e.admin.approve(d.userCode);
    const t = (await poll(c, d.deviceCode)).json as {
      accessToken: string;
      refreshToken: string;
      expiresIn: number;
    };
    expect(t.expiresIn).toBe(900);
    e.admin.advanceClock(900_000);
    expectPortalError(await get('/assignment/accounts', t.accessToken), 401, 'UnauthorizedException');
    const r = await post('/token', { ...c, grantType: 'refresh_token', refreshToken: t.refreshToken });
    expect(r.status).toBe(200);
    expect((await get('/assignment/accounts', r.json.accessToken as string)).status).toBe(200);
    e.admin.advanceClock(6300_000);
    expectOidcError(
      await post('/token', { ...c, grantType: 'refresh_token', refreshToken: r.json.refreshToken }),
      400,
      'InvalidGrantException',
      'invalid_grant',
    );
  });

  it('logout revokes the access token and its refresh token; revokeRefreshTokens ends all refreshes', async () => {
    const { e, post, get } = await start();
    const a = e.admin.issueAccessToken('alice', { refreshable: true });
    const logout = await e.fetch(`${e.url}/logout`, {
      method: 'POST',
      headers: { 'x-amz-sso_bearer_token': a.accessToken },
    });
    expect(logout.status).toBe(200);
    expect(await logout.text()).toBe('');
    expectPortalError(await get('/assignment/accounts', a.accessToken), 401, 'UnauthorizedException');
    const again = await e.fetch(`${e.url}/logout`, {
      method: 'POST',
      headers: { 'x-amz-sso_bearer_token': a.accessToken },
    });
    expect(again.status).toBe(401);
    const c = await post('/client/register', {
      clientName: 'x',
      clientType: 'public',
      scopes: ['sso:account:access'],
    });
    const d = await post('/device_authorization', { ...c.json, startUrl: e.startUrl });
    e.admin.approve(d.json.userCode as string);
    const t = await post('/token', { ...c.json, grantType: DEVICE, deviceCode: d.json.deviceCode });
    e.admin.revokeRefreshTokens();
    expectOidcError(
      await post('/token', { ...c.json, grantType: 'refresh_token', refreshToken: t.json.refreshToken }),
      400,
      'InvalidGrantException',
      'invalid_grant',
    );
  });
});

describe('portal', () => {
  it('pages ListAccountRoles: every item exactly once, bounds 1–100, tokens bound to their listing', async () => {
    const { e, get } = await start();
    const { accessToken } = e.admin.issueAccessToken('alice');
    const seen: string[] = [];
    let next: string | undefined;
    do {
      const r = await get(
        `/assignment/roles?account_id=111111111111&max_result=1${next ? `&next_token=${encodeURIComponent(next)}` : ''}`,
        accessToken,
      );
      expect(r.status).toBe(200);
      const list = r.json.roleList as Array<{ roleName: string; accountId: string }>;
      expect(list).toHaveLength(1);
      expect(list[0]!.accountId).toBe('111111111111');
      seen.push(list[0]!.roleName);
      next = r.json.nextToken as string | undefined;
    } while (next);
    expect(seen.sort()).toEqual(['AdministratorAccess', 'Billing', 'PowerUserAccess', 'ReadOnlyAccess']);

    for (const bad of ['0', '101', 'ten', '1.5', '']) {
      expectPortalError(
        await get(`/assignment/accounts?max_result=${bad}`, accessToken),
        400,
        'InvalidRequestException',
      );
    }
    expect((await get('/assignment/accounts?max_result=100', accessToken)).status).toBe(200);
    const first = await get('/assignment/roles?account_id=111111111111&max_result=1', accessToken);
    const token = encodeURIComponent(first.json.nextToken as string);
    expectPortalError(
      await get(`/assignment/roles?account_id=222222222222&next_token=${token}`, accessToken),
      400,
      'InvalidRequestException',
    );
    const bob = e.admin.issueAccessToken('bob');
    expectPortalError(
      await get(`/assignment/roles?account_id=111111111111&next_token=${token}`, bob.accessToken),
      400,
      'InvalidRequestException',
    );
    expectPortalError(await get('/assignment/roles', accessToken), 400, 'InvalidRequestException');
  });

  it('gives role credentials for assigned roles only, with the configured lifetime', async () => {
    const { e, get } = await start({ roleCredentialsTtlSeconds: 900 });
    const bob = e.admin.issueAccessToken('bob');
    const ok = await get(
      '/federation/credentials?account_id=333333333333&role_name=AdministratorAccess',
      bob.accessToken,
    );
    expect(ok.status).toBe(200);
    const rc = ok.json.roleCredentials as { accessKeyId: string; expiration: number };
    expect(rc.accessKeyId).toMatch(/^ASIA/);
    expect(Math.abs(rc.expiration - (e.admin.now() + 900_000))).toBeLessThan(5_000);
    expectPortalError(
      await get(
        '/federation/credentials?account_id=111111111111&role_name=AdministratorAccess',
        bob.accessToken,
      ),
      404,
      'ResourceNotFoundException',
    );
    expectPortalError(
      await get('/federation/credentials?account_id=333333333333', bob.accessToken),
      400,
      'InvalidRequestException',
    );
    expectPortalError(
      await get('/federation/credentials?account_id=333333333333&role_name=AdministratorAccess'),
      401,
      'UnauthorizedException',
    );
  });

  it('rate-limits with a token bucket that refills with the emulator clock', async () => {
    const { e, get } = await start({ rateLimits: { ListAccountRoles: 20 } });
    const { accessToken } = e.admin.issueAccessToken();
    // a burst of 40 at once: the bucket holds 20, and refilling 20 more would take a whole second
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => get('/assignment/roles?account_id=111111111111', accessToken)),
    );
    const ok = answers.filter((a) => a.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThan(40);
    expectPortalError(answers.find((a) => a.status === 429)!, 429, 'TooManyRequestsException');
    // drain what refilled meanwhile, then let the emulator clock refill it
    while ((await get('/assignment/roles?account_id=111111111111', accessToken)).status === 200);
    e.admin.advanceClock(1_000);
    expect((await get('/assignment/roles?account_id=111111111111', accessToken)).status).toBe(200);
    expect((await get('/assignment/accounts', accessToken)).status).toBe(200);
  });
});

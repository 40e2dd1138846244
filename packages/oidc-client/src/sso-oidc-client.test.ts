import { ValidationError } from '@ssokit/protocol';
import { isServiceError } from '@ssokit/transport';
import { AutoClock } from '@ssokit/transport/testing';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeMockedClient,
  ENDPOINT,
  expectCall,
  mockedClient,
  oauthError,
  type Seen,
} from '../test/mock.js';
import { SsoOidcClient } from './sso-oidc-client.js';

let agent: MockAgent;
let seen: Seen[];
let client: SsoOidcClient;

beforeEach(() => {
  ({ agent, seen, client } = mockedClient());
});
afterEach(() => closeMockedClient({ agent, seen, client }));

describe('SsoOidcClient wire format', () => {
  it('registerClient posts the JSON members to /client/register', async () => {
    const input = {
      clientName: 'ssokit',
      clientType: 'public' as const,
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: 'https://d-1234567890.awsapps.com/start',
    };
    expectCall(agent, seen, '/client/register', 200, {
      clientId: 'cid',
      clientSecret: 'csecret',
      clientIdIssuedAt: 1767225600,
      clientSecretExpiresAt: 1775001600,
    });
    const out = await client.registerClient(input);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.path).toBe('/client/register');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.body).toEqual(input);
    expect(out.clientId).toBe('cid');
    expect(out.clientSecretExpiresAt).toBe(1775001600);
  });

  it('startDeviceAuthorization posts clientId, clientSecret and startUrl to /device_authorization', async () => {
    const input = {
      clientId: 'cid',
      clientSecret: 'csecret',
      startUrl: 'https://d-1234567890.awsapps.com/start',
    };
    expectCall(agent, seen, '/device_authorization', 200, {
      deviceCode: 'dc',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
      expiresIn: 600,
      interval: 1,
    });
    const out = await client.startDeviceAuthorization(input);
    expect(seen[0]!.path).toBe('/device_authorization');
    expect(seen[0]!.body).toEqual(input);
    expect(out).toMatchObject({ userCode: 'ABCD-EFGH', interval: 1, expiresIn: 600 });
  });

  it('createToken posts the grant to /token, leaving out members not given', async () => {
    expectCall(agent, seen, '/token', 200, {
      accessToken: 'at',
      tokenType: 'Bearer',
      expiresIn: 3600,
      refreshToken: 'rt',
    });
    const out = await client.createToken({
      clientId: 'cid',
      clientSecret: 'csecret',
      grantType: 'refresh_token',
      refreshToken: 'old',
    });
    expect(seen[0]!.body).toEqual({
      clientId: 'cid',
      clientSecret: 'csecret',
      grantType: 'refresh_token',
      refreshToken: 'old',
    });
    expect(out).toMatchObject({ accessToken: 'at', expiresIn: 3600, refreshToken: 'rt' });
  });

  it('createToken turns an OAuth error into the named ServiceError and never retries it', async () => {
    oauthError(agent, seen, 'AuthorizationPendingException', 'authorization_pending');
    const err = await client
      .createToken({ clientId: 'cid', clientSecret: 'csecret', grantType: 'x', deviceCode: 'dc' })
      .catch((e: unknown) => e);
    expect(isServiceError(err, 'AuthorizationPendingException')).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('createTokenWithIAM is SigV4-signed for sso-oauth in the client region and posts to /token?aws_iam=t', async () => {
    const clock = new AutoClock(Date.parse('2026-02-03T04:05:06Z'));
    clock.hold(); // time stands still: the signing date is exact and the attempt timeout never fires
    const iam = new SsoOidcClient({ region: 'eu-west-1', dispatcher: agent, env: {}, clock });
    agent
      .get('https://oidc.eu-west-1.amazonaws.com')
      .intercept({ path: '/token?aws_iam=t', method: 'POST' })
      .reply((opts) => {
        const h = opts.headers as Record<string, string>;
        seen.push({ method: opts.method, path: opts.path, headers: h, body: JSON.parse(String(opts.body)) });
        return {
          statusCode: 200,
          data: JSON.stringify({ accessToken: 'at', expiresIn: 300, issuedTokenType: 'x' }),
        };
      });
    const input = {
      clientId: 'arn:aws:sso::123456789012:application/ssoins-1/apl-1',
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: 'eyJ.jwt',
    };
    const out = await iam.createTokenWithIAM(input, {
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
    });
    const h = Object.fromEntries(Object.entries(seen[0]!.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(h['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260203\/eu-west-1\/sso-oauth\/aws4_request, SignedHeaders=[^,]*content-type[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(h['x-amz-date']).toBe('20260203T040506Z');
    expect(h['x-amz-security-token']).toBe('session');
    expect(seen[0]!.body).toEqual(input);
    expect(out.accessToken).toBe('at');
    await iam.close();
  });

  it('createTokenWithIAM without a region is refused before any request', async () => {
    const noRegion = new SsoOidcClient({ endpoint: ENDPOINT, dispatcher: agent, env: {} });
    expect(() =>
      noRegion.createTokenWithIAM(
        { clientId: 'arn', grantType: 'x' },
        { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      ),
    ).toThrow(ValidationError);
  });
});

describe('SsoOidcClient endpoint', () => {
  it('uses the regional default, FIPS, the env override and an explicit endpoint in that order', () => {
    expect(new SsoOidcClient({ region: 'eu-west-1', env: {} }).endpoint).toBe(
      'https://oidc.eu-west-1.amazonaws.com',
    );
    expect(new SsoOidcClient({ region: 'us-east-1', fips: true, env: {} }).endpoint).toBe(
      'https://oidc-fips.us-east-1.amazonaws.com',
    );
    expect(new SsoOidcClient({ region: 'cn-north-1', env: {} }).endpoint).toBe(
      'https://oidc.cn-north-1.amazonaws.com.cn',
    );
    const env = {
      AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9999',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
    };
    expect(new SsoOidcClient({ region: 'us-east-1', env }).endpoint).toBe('http://127.0.0.1:9999');
    expect(new SsoOidcClient({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:1/' } }).endpoint).toBe(
      'http://127.0.0.1:1',
    );
    expect(
      new SsoOidcClient({ region: 'us-east-1', env, endpoint: 'https://oidc.example.test' }).endpoint,
    ).toBe('https://oidc.example.test');
  });

  it('refuses to guess a region, and refuses plain http to a non-loopback host', () => {
    expect(() => new SsoOidcClient({ env: {} })).toThrow(/region/);
    expect(() => new SsoOidcClient({ endpoint: 'http://example.com', env: {} })).toThrow(ValidationError);
  });
});

import {
  CreateTokenCommand,
  CreateTokenWithIAMCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { DEFAULT_APPLICATION_ARN, type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationInputFor } from '../src/registration.js';
import { SsoOidcClient } from '../src/sso-oidc-client.js';

// Headers that legitimately differ between two SDKs (who is calling, which attempt) or that
// depend on the signing moment.
const IGNORED = new Set([
  'user-agent',
  'x-amz-user-agent',
  'amz-sdk-invocation-id',
  'amz-sdk-request',
  'host',
  'connection',
  'content-length',
  'accept',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'x-amz-date',
  'authorization',
  'x-amz-content-sha256',
]);

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

async function portal<T>(path: string, accessToken: string): Promise<T> {
  const res = await request(`${emulator.url}${path}`, { headers: { 'x-amz-sso_bearer_token': accessToken } });
  expect(res.statusCode).toBe(200);
  return (await res.body.json()) as T;
}

async function issuedRoleCredentials() {
  const { accessToken } = emulator.admin.issueAccessToken();
  const { accountList } = await portal<{ accountList: { accountId: string }[] }>(
    '/assignment/accounts',
    accessToken,
  );
  const accountId = accountList[0]!.accountId;
  const { roleList } = await portal<{ roleList: { roleName: string }[] }>(
    `/assignment/roles?account_id=${accountId}`,
    accessToken,
  );
  const { roleCredentials } = await portal<{
    roleCredentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  }>(
    `/federation/credentials?account_id=${accountId}&role_name=${encodeURIComponent(roleList[0]!.roleName)}`,
    accessToken,
  );
  return {
    accessKeyId: roleCredentials.accessKeyId,
    secretAccessKey: roleCredentials.secretAccessKey,
    sessionToken: roleCredentials.sessionToken,
  };
}

let emulator: RunningEmulator;
let ours: SsoOidcClient;
let aws: SSOOIDCClient;

beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true });
  ours = new SsoOidcClient({ region: emulator.region, endpoint: emulator.url, env: {} });
  aws = new SSOOIDCClient({ region: emulator.region, endpoint: emulator.url, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  aws.destroy();
  await ours.close();
  await emulator.close();
});

/** Runs `send` and returns the one request it left in the emulator's log, without volatile headers. */
async function wire(send: () => Promise<unknown>) {
  emulator.admin.clearRequests();
  await send().catch(() => undefined);
  const log = emulator.admin.requests();
  expect(log).toHaveLength(1);
  const r = log[0]!;
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !IGNORED.has(k)));
  return {
    request: {
      method: r.method,
      path: r.path,
      query: r.query,
      body: r.body,
      operation: r.operation,
      headers,
    },
    status: r.status,
  };
}

describe('wire identity with @aws-sdk/client-sso-oidc', () => {
  it('RegisterClient', async () => {
    const input = registrationInputFor('pkce', {
      issuerUrl: emulator.startUrl,
      scopes: ['sso:account:access', 'codecatalyst:read_write'],
    });
    const a = await wire(() => aws.send(new RegisterClientCommand(input)));
    const b = await wire(() => ours.registerClient(input));
    expect(b.request).toEqual(a.request);
    expect(a.request.operation).toBe('RegisterClient');
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  it('StartDeviceAuthorization', async () => {
    const reg = await ours.registerClient(registrationInputFor('device-code'));
    const input = { clientId: reg.clientId!, clientSecret: reg.clientSecret!, startUrl: emulator.startUrl };
    const a = await wire(() => aws.send(new StartDeviceAuthorizationCommand(input)));
    const b = await wire(() => ours.startDeviceAuthorization(input));
    expect(b.request).toEqual(a.request);
    expect(a.request.operation).toBe('StartDeviceAuthorization');
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  it('CreateToken, every member', async () => {
    const input = {
      clientId: 'client-id',
      clientSecret: 'client-secret',
      grantType: 'authorization_code',
      code: 'the-code',
      refreshToken: 'the-refresh-token',
      deviceCode: 'the-device-code',
      scope: ['sso:account:access', 'openid'],
      redirectUri: 'http://127.0.0.1:1234/oauth/callback',
      codeVerifier: 'v'.repeat(43),
    };
    const a = await wire(() => aws.send(new CreateTokenCommand(input)));
    const b = await wire(() => ours.createToken(input));
    expect(b.request).toEqual(a.request);
    expect(a.request.operation).toBe('CreateToken');
    expect(b.status).toBe(a.status);
  });

  it('CreateTokenWithIAM, signed by both for sso-oauth', async () => {
    const input = {
      clientId: DEFAULT_APPLICATION_ARN,
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      scope: ['sso:account:access'],
    };
    // The emulator verifies signatures against role credentials it issued, so sign with those.
    const roleCredentials = await issuedRoleCredentials();
    const awsSigned = new SSOOIDCClient({
      region: emulator.region,
      endpoint: emulator.url,
      credentials: roleCredentials,
      maxAttempts: 1,
    });
    const a = await wire(() => awsSigned.send(new CreateTokenWithIAMCommand(input)));
    awsSigned.destroy();
    const b = await wire(() => ours.createTokenWithIAM(input, { credentials: roleCredentials }));
    expect(b.request).toEqual(a.request);
    expect(a.request.operation).toBe('CreateTokenWithIAM');
    // The emulator verifies SigV4 (signing name sso-oauth, its region): both signatures pass it
    // (a bad one is a 403) and both requests get the same answer.
    expect(a.status).not.toBe(403);
    expect(b.status).toBe(a.status);
  });
});

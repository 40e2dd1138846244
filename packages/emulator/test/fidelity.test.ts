import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  InvalidRequestException as PortalInvalidRequestException,
  paginateListAccountRoles,
  paginateListAccounts,
  ResourceNotFoundException,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-sso';
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  CreateTokenWithIAMCommand,
  ExpiredTokenException,
  InternalServerException,
  InvalidClientException,
  InvalidClientMetadataException,
  InvalidGrantException,
  InvalidRedirectUriException,
  InvalidRequestException,
  InvalidScopeException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
  UnauthorizedClientException,
  UnsupportedGrantTypeException,
} from '@aws-sdk/client-sso-oidc';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_APPLICATION_ARN,
  defaultOrganization,
  generateOrganization,
  type RunningEmulator,
  startEmulator,
} from '../src/index.js';
import { pkcePair, postJson, rejectionOf, sdkClients } from './helpers.js';

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('AWS SDK v3 clients against the emulator', () => {
  let emulator: RunningEmulator;
  let oidc: ReturnType<typeof sdkClients>['oidc'];
  let sso: ReturnType<typeof sdkClients>['sso'];
  let issuerKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  const issuerUrl = 'https://idp.example.test';

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    issuerKey = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kty: 'EC', kid: 'k1', alg: 'ES256' };
    emulator = await startEmulator({
      pollIntervalSeconds: 5,
      fixture: { ...defaultOrganization(), trustedTokenIssuers: [{ issuerUrl, jwks: { keys: [jwk] } }] },
    });
    ({ oidc, sso } = sdkClients(emulator));
  });
  afterAll(async () => {
    oidc.destroy();
    sso.destroy();
    await emulator.close();
  });

  async function register(input: Partial<ConstructorParameters<typeof RegisterClientCommand>[0]> = {}) {
    return oidc.send(
      new RegisterClientCommand({
        clientName: 'fidelity',
        clientType: 'public',
        scopes: ['sso:account:access'],
        ...input,
      }),
    );
  }

  async function deviceSignIn(user?: string) {
    const client = await register();
    const start = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        startUrl: emulator.startUrl,
      }),
    );
    emulator.admin.approve(start.userCode!, user);
    const token = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        grantType: DEVICE,
        deviceCode: start.deviceCode!,
      }),
    );
    return { client, start, token };
  }

  it('runs the device flow: pending, slow_down, then tokens, and a rotating refresh', async () => {
    const before = Math.floor(emulator.admin.now() / 1000);
    const client = await register();
    expect(client.clientSecretExpiresAt! - client.clientIdIssuedAt!).toBe(90 * 24 * 3600);
    expect(client.clientIdIssuedAt).toBeGreaterThanOrEqual(before);
    const start = await oidc.send(
      new StartDeviceAuthorizationCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        startUrl: emulator.startUrl,
      }),
    );
    expect(start.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(start.verificationUri).toBe(`${emulator.url}/device`);
    expect(start.verificationUriComplete).toBe(`${emulator.url}/device?user_code=${start.userCode}`);
    expect(start.interval).toBe(5);
    expect(start.expiresIn).toBe(600);
    const poll = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: DEVICE,
          deviceCode: start.deviceCode!,
        }),
      );
    expect(await rejectionOf(poll())).toBeInstanceOf(AuthorizationPendingException);
    const slow = await rejectionOf(poll());
    expect(slow).toBeInstanceOf(SlowDownException);
    expect(slow.error).toBe('slow_down');
    emulator.admin.approve(start.userCode!, 'bob');
    const token = await poll();
    expect(token.tokenType).toBe('Bearer');
    expect(token.expiresIn).toBe(3600);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    // device codes are single use
    expect(await rejectionOf(poll())).toBeInstanceOf(InvalidGrantException);

    const refreshed = await oidc.send(
      new CreateTokenCommand({
        clientId: client.clientId!,
        clientSecret: client.clientSecret!,
        grantType: 'refresh_token',
        refreshToken: token.refreshToken!,
      }),
    );
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(token.refreshToken);
    const reused = await rejectionOf(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: 'refresh_token',
          refreshToken: token.refreshToken!,
        }),
      ),
    );
    expect(reused).toBeInstanceOf(InvalidGrantException);
    // the token belongs to bob: he sees two accounts
    const accounts = await sso.send(new ListAccountsCommand({ accessToken: refreshed.accessToken! }));
    expect(accounts.accountList?.map((a) => a.accountId)).toEqual(['111111111111', '333333333333']);
  });

  it('walks ListAccounts and ListAccountRoles with the SDK paginators, then gets credentials and logs out', async () => {
    const { token, client } = await deviceSignIn('alice');
    const accessToken = token.accessToken!;
    const accounts = [];
    for await (const page of paginateListAccounts({ client: sso, pageSize: 1 }, { accessToken })) {
      expect(page.accountList!.length).toBeLessThanOrEqual(1);
      accounts.push(...page.accountList!);
    }
    const alice = defaultOrganization().users[0]!;
    expect(accounts.map((a) => a.accountId)).toEqual(alice.assignments.map((a) => a.accountId));
    expect(accounts[0]).toEqual({
      accountId: '111111111111',
      accountName: 'Production',
      emailAddress: 'aws-prod@example.com',
    });
    const roles = [];
    for await (const page of paginateListAccountRoles(
      { client: sso, pageSize: 3 },
      { accessToken, accountId: '111111111111' },
    )) {
      roles.push(...page.roleList!);
    }
    expect(roles.map((r) => r.roleName).sort()).toEqual([...alice.assignments[0]!.roleNames].sort());

    const before = emulator.admin.now();
    const { roleCredentials } = await sso.send(
      new GetRoleCredentialsCommand({ accessToken, accountId: '111111111111', roleName: 'ReadOnlyAccess' }),
    );
    expect(roleCredentials?.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(roleCredentials?.secretAccessKey).toBeTruthy();
    expect(roleCredentials?.sessionToken).toBeTruthy();
    // epoch milliseconds, an hour ahead
    expect(roleCredentials!.expiration! - before).toBeGreaterThanOrEqual(3600 * 1000 - 5);
    expect(roleCredentials!.expiration! - before).toBeLessThan(3600 * 1000 + 5000);

    await sso.send(new LogoutCommand({ accessToken }));
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(
      UnauthorizedException,
    );
    const afterLogout = await rejectionOf(
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: 'refresh_token',
          refreshToken: token.refreshToken!,
        }),
      ),
    );
    // logout revoked the refresh token too
    expect(afterLogout).toBeInstanceOf(InvalidGrantException);
  });

  it('delivers every sso-oidc error as the SDK exception class', async () => {
    const client = await register();
    const ids = { clientId: client.clientId!, clientSecret: client.clientSecret! };
    const start = () =>
      oidc.send(new StartDeviceAuthorizationCommand({ ...ids, startUrl: emulator.startUrl }));
    const token = (input: Record<string, string>) =>
      oidc.send(new CreateTokenCommand({ ...ids, grantType: DEVICE, ...input }));

    const denied = await start();
    emulator.admin.deny(denied.userCode!);
    const accessDenied = await rejectionOf(token({ deviceCode: denied.deviceCode! }));
    expect(accessDenied).toBeInstanceOf(AccessDeniedException);
    expect(accessDenied.error).toBe('access_denied');

    const expired = await start();
    emulator.admin.advanceClock(601_000);
    expect(await rejectionOf(token({ deviceCode: expired.deviceCode! }))).toBeInstanceOf(
      ExpiredTokenException,
    );

    expect(
      await rejectionOf(
        oidc.send(
          new StartDeviceAuthorizationCommand({
            clientId: ids.clientId,
            clientSecret: 'wrong',
            startUrl: emulator.startUrl,
          }),
        ),
      ),
    ).toBeInstanceOf(InvalidClientException);
    expect(await rejectionOf(token({}))).toBeInstanceOf(InvalidRequestException);
    expect(await rejectionOf(token({ deviceCode: 'not-a-device-code' }))).toBeInstanceOf(
      InvalidGrantException,
    );
    expect(await rejectionOf(token({ grantType: 'password' }))).toBeInstanceOf(UnsupportedGrantTypeException);
    expect(await rejectionOf(token({ grantType: 'authorization_code', code: 'x' }))).toBeInstanceOf(
      UnauthorizedClientException,
    );
    expect(await rejectionOf(register({ scopes: ['not a scope'] }))).toBeInstanceOf(InvalidScopeException);
    expect(await rejectionOf(register({ grantTypes: ['password'] }))).toBeInstanceOf(
      InvalidClientMetadataException,
    );
    expect(
      await rejectionOf(
        register({
          grantTypes: ['authorization_code'],
          redirectUris: ['http://example.com/cb'],
          issuerUrl: emulator.startUrl,
        }),
      ),
    ).toBeInstanceOf(InvalidRedirectUriException);

    // the secret expires after 90 days
    emulator.admin.advanceClock(90 * 24 * 3600 * 1000);
    expect(await rejectionOf(start())).toBeInstanceOf(InvalidClientException);

    emulator.admin.injectFault({ route: 'RegisterClient', kind: '500' });
    expect(await rejectionOf(register())).toBeInstanceOf(InternalServerException);
  });

  it('delivers every portal error as the SDK exception class', async () => {
    const { accessToken } = emulator.admin.issueAccessToken('bob');
    expect(
      await rejectionOf(sso.send(new ListAccountsCommand({ accessToken: 'not-a-token' }))),
    ).toBeInstanceOf(UnauthorizedException);
    expect(
      await rejectionOf(sso.send(new ListAccountsCommand({ accessToken, nextToken: 'forged' }))),
    ).toBeInstanceOf(PortalInvalidRequestException);
    // bob has no role in account 222222222222
    expect(
      await rejectionOf(
        sso.send(
          new GetRoleCredentialsCommand({
            accessToken,
            accountId: '222222222222',
            roleName: 'AdministratorAccess',
          }),
        ),
      ),
    ).toBeInstanceOf(ResourceNotFoundException);
    // a bucket of one token that takes 10 s to refill: three of four calls are throttled
    emulator.admin.setRateLimit('ListAccountRoles', 0.1);
    const call = () => sso.send(new ListAccountRolesCommand({ accessToken, accountId: '111111111111' }));
    const results = await Promise.allSettled([call(), call(), call(), call()]);
    const throttled = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(throttled.length).toBe(3);
    for (const e of throttled) expect(e).toBeInstanceOf(TooManyRequestsException);
    emulator.admin.setRateLimit('ListAccountRoles', undefined);
    await call();
    emulator.admin.advanceClock(3601_000);
    expect(await rejectionOf(sso.send(new ListAccountsCommand({ accessToken })))).toBeInstanceOf(
      UnauthorizedException,
    );
  });

  it('runs the authorization code + PKCE flow with the SDK', async () => {
    const client = await register({
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: emulator.startUrl,
    });
    const { verifier, challenge } = pkcePair();
    const redirectUri = 'http://127.0.0.1:43210/oauth/callback';
    const authorize = new URL('/authorize', emulator.url);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: client.clientId!,
      redirect_uri: redirectUri,
      state: 'st-123',
      code_challenge_method: 'S256',
      scopes: 'sso:account:access',
      code_challenge: challenge,
    }))
      authorize.searchParams.set(k, v);
    // drive the pages as a browser without JavaScript would: GET, sign in, allow
    const page = await fetch(authorize);
    const html = await page.text();
    const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
    expect(requestId).toBeTruthy();
    const allow = await fetch(`${emulator.url}/authorize/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request_id: requestId!, user: 'alice', decision: 'allow' }),
      redirect: 'manual',
    });
    const location = new URL(allow.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('st-123');
    const code = location.searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      oidc.send(
        new CreateTokenCommand({
          clientId: client.clientId!,
          clientSecret: client.clientSecret!,
          grantType: 'authorization_code',
          code,
          redirectUri,
          codeVerifier,
        }),
      );
    const token = await exchange(verifier);
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    // single use
    expect(await rejectionOf(exchange(verifier))).toBeInstanceOf(InvalidGrantException);
  });

  it('accepts CreateTokenWithIAM only when SigV4-signed by credentials it issued', async () => {
    const { accessToken } = emulator.admin.issueAccessToken('alice');
    const { roleCredentials } = await sso.send(
      new GetRoleCredentialsCommand({ accessToken, accountId: '222222222222', roleName: 'DeveloperAccess' }),
    );
    const signed = new SSOOIDCClient({
      region: emulator.region,
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials: {
        accessKeyId: roleCredentials!.accessKeyId!,
        secretAccessKey: roleCredentials!.secretAccessKey!,
        sessionToken: roleCredentials!.sessionToken!,
      },
    });
    const assertion = await new SignJWT({ email: 'bob@example.com' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(issuerUrl)
      .setSubject('bob')
      .setIssuedAt(Math.floor(emulator.admin.now() / 1000))
      .setExpirationTime(Math.floor(emulator.admin.now() / 1000) + 300)
      .sign(issuerKey);
    const out = await signed.send(
      new CreateTokenWithIAMCommand({ clientId: DEFAULT_APPLICATION_ARN, grantType: JWT_BEARER, assertion }),
    );
    expect(out.accessToken).toBeTruthy();
    expect(out.refreshToken).toBeTruthy();
    expect(out.issuedTokenType).toBe('urn:ietf:params:oauth:token-type:refresh_token');
    expect(out.awsAdditionalDetails?.identityContext).toContain('bob');
    const bobAccounts = await sso.send(new ListAccountsCommand({ accessToken: out.accessToken! }));
    expect(bobAccounts.accountList).toHaveLength(2);
    const refreshed = await signed.send(
      new CreateTokenWithIAMCommand({
        clientId: DEFAULT_APPLICATION_ARN,
        grantType: 'refresh_token',
        refreshToken: out.refreshToken!,
      }),
    );
    expect(refreshed.refreshToken).not.toBe(out.refreshToken);

    const untrusted = await new SignJWT({ email: 'bob@example.com' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('https://evil.example.test')
      .setExpirationTime('5m')
      .sign(issuerKey);
    expect(
      await rejectionOf(
        signed.send(
          new CreateTokenWithIAMCommand({
            clientId: DEFAULT_APPLICATION_ARN,
            grantType: JWT_BEARER,
            assertion: untrusted,
          }),
        ),
      ),
    ).toBeInstanceOf(InvalidGrantException);

    // wrong secret: the signature does not verify
    const forged = new SSOOIDCClient({
      region: emulator.region,
      endpoint: emulator.url,
      maxAttempts: 1,
      credentials: {
        accessKeyId: roleCredentials!.accessKeyId!,
        secretAccessKey: 'x'.repeat(40),
        sessionToken: roleCredentials!.sessionToken!,
      },
    });
    const bad = await rejectionOf(
      forged.send(
        new CreateTokenWithIAMCommand({
          clientId: DEFAULT_APPLICATION_ARN,
          grantType: JWT_BEARER,
          assertion,
        }),
      ),
    );
    expect(bad.name).toBe('InvalidSignatureException');
    expect((bad.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403);
    // a signature from 20 minutes in the future is too skewed
    const skewed = new SSOOIDCClient({
      region: emulator.region,
      endpoint: emulator.url,
      maxAttempts: 1,
      systemClockOffset: 20 * 60 * 1000,
      credentials: {
        accessKeyId: roleCredentials!.accessKeyId!,
        secretAccessKey: roleCredentials!.secretAccessKey!,
        sessionToken: roleCredentials!.sessionToken!,
      },
    });
    const late = await rejectionOf(
      skewed.send(
        new CreateTokenWithIAMCommand({
          clientId: DEFAULT_APPLICATION_ARN,
          grantType: JWT_BEARER,
          assertion,
        }),
      ),
    );
    expect(late.name).toBe('InvalidSignatureException');
    expect(late.message).toMatch(/15 minutes/);
    skewed.destroy();
    // unsigned
    const unsigned = await postJson(`${emulator.url}/token?aws_iam=t`, {
      clientId: DEFAULT_APPLICATION_ARN,
      grantType: JWT_BEARER,
      assertion,
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    signed.destroy();
    forged.destroy();
  });

  it('pages a large organisation with the paginator, every account exactly once', async () => {
    const big = await startEmulator({ fixture: generateOrganization({ accounts: 237, rolesPerAccount: 7 }) });
    const { sso: bigSso } = sdkClients(big);
    try {
      const { accessToken } = big.admin.issueAccessToken();
      const seen: string[] = [];
      for await (const page of paginateListAccounts({ client: bigSso, pageSize: 100 }, { accessToken })) {
        seen.push(...page.accountList!.map((a) => a.accountId!));
      }
      expect(seen).toHaveLength(237);
      expect(new Set(seen).size).toBe(237);
      expect(big.admin.counters().ListAccounts).toBe(3);
    } finally {
      bigSso.destroy();
      await big.close();
    }
  });
});

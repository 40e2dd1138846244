import { randomUUID } from 'node:crypto';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { ValidationError } from '@ssokit/protocol';
import { isServiceError } from '@ssokit/transport';
import { AutoClock, FakeClock, settle } from '@ssokit/transport/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authorizationCodeFlow } from '../src/authorization-code-flow.js';
import { startCallbackServer } from '../src/callback-server.js';
import { isLoginError, LoginErrorCode } from '../src/errors.js';
import { buildAuthorizeUrl, createPkcePair } from '../src/pkce.js';
import { refreshToken } from '../src/refresh-token.js';
import { registrationInputFor, toClientRegistration } from '../src/registration.js';
import { SsoOidcClient } from '../src/sso-oidc-client.js';
import { externalAddresses, followRedirects, listening } from './helpers.js';

let emulator: RunningEmulator;
let client: SsoOidcClient;

beforeAll(async () => {
  emulator = await startEmulator({ autoApprove: true });
  client = new SsoOidcClient({ region: emulator.region, endpoint: emulator.url, env: {} });
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});
afterEach(() => emulator.admin.reset());

describe('authorizationCodeFlow against the emulator (autoApprove)', () => {
  it('signs in through the loopback callback, which listened on 127.0.0.1 only and is gone afterwards', async () => {
    let port = 0;
    const reachable: Record<string, boolean> = {};
    let browsing: Promise<{ status: number; body: string }> | undefined;
    const shown: string[] = [];
    const { token, registration } = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      onAuthorizeUrl: (url) => shown.push(url),
      openBrowser: async (url) => {
        port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
        reachable['127.0.0.1'] = await listening(port);
        for (const address of externalAddresses()) reachable[address] = await listening(port, address);
        browsing = followRedirects(url);
        await browsing;
      },
    });
    const page = await browsing!;
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    expect(registration.grantTypes).toEqual(['authorization_code', 'refresh_token']);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/close this window/);
    expect(shown).toHaveLength(1);

    expect(reachable['127.0.0.1']).toBe(true);
    for (const [address, ok] of Object.entries(reachable))
      if (address !== '127.0.0.1') expect(ok, address).toBe(false);
    expect(await listening(port)).toBe(false);

    const log = emulator.admin.requests();
    expect(log.find((r) => r.operation === 'RegisterClient')?.body).toEqual({
      clientName: 'ssokit',
      clientType: 'public',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: emulator.startUrl,
    });
    const authorize = log.find((r) => r.path === '/authorize');
    expect(Object.keys(authorize?.query ?? {})).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge_method',
      'scopes',
      'code_challenge',
    ]);
    expect(authorize?.query['redirect_uri']).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    const exchange = log.find((r) => r.operation === 'CreateToken');
    expect(exchange?.body).toMatchObject({
      grantType: 'authorization_code',
      redirectUri: `http://127.0.0.1:${port}/oauth/callback`,
    });
    expect(exchange?.status).toBe(200);
  });

  it('turns away a callback whose state was tampered with and still signs in with the real one', async () => {
    const pages: { status: number; body: string }[] = [];
    const { token } = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      openBrowser: async (url) => {
        // A forged redirect first (another local process), then the person's own browser.
        pages.push(
          await followRedirects(url, (location) => {
            if (location.pathname === '/oauth/callback') location.searchParams.set('state', randomUUID());
            return location;
          }),
        );
        pages.push(await followRedirects(url));
      },
    });
    expect(token.accessToken).toBeTruthy();
    expect(pages.map((p) => p.status)).toEqual([400, 200]);
    expect(pages[0]?.body).toMatch(/did not belong/);
    // Only the code of the right callback was exchanged.
    expect(emulator.admin.requests().filter((r) => r.operation === 'CreateToken')).toHaveLength(1);
  });

  it('says state mismatch when only tampered callbacks came back before the timeout, and never exchanges a code', async () => {
    const clock = new FakeClock();
    let browsed!: () => void;
    const browsing = new Promise<void>((resolve) => (browsed = resolve));
    const result = authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      clock,
      timeoutMs: 120_000,
      openBrowser: async (url) => {
        const page = await followRedirects(url, (location) => {
          if (location.pathname === '/oauth/callback') location.searchParams.set('state', randomUUID());
          return location;
        });
        expect(page.status).toBe(400);
        browsed();
      },
    }).catch((e: unknown) => e);
    await browsing;
    await settle();
    expect(clock.fire(120_000)).toBe(true);
    const err = await result;
    expect(isLoginError(err, LoginErrorCode.STATE_MISMATCH)).toBe(true);
    expect(emulator.admin.requests().some((r) => r.operation === 'CreateToken')).toBe(false);
  });

  it('times out when the browser never comes back (fake clock)', async () => {
    const clock = new AutoClock();
    const err = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      clock,
      timeoutMs: 120_000,
      openBrowser: async () => {},
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.LOGIN_TIMEOUT)).toBe(true);
    expect(clock.sleeps).toContain(120_000);
  });

  it('rejects a start URL that is not one before any request, and before opening a browser', async () => {
    let opened = false;
    for (const startUrl of ['my-org', 'my-org.awsapps.com/start', '']) {
      const err = await authorizationCodeFlow({
        client,
        startUrl,
        openBrowser: async () => {
          opened = true;
        },
      }).catch((e: unknown) => e);
      expect(err, startUrl).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(/https:\/\/my-org\.awsapps\.com\/start/);
    }
    const err = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      openBrowser: 'firefox' as unknown as () => Promise<void>,
    }).catch((e: unknown) => e);
    expect((err as ValidationError).member).toBe('openBrowser');
    expect(opened).toBe(false);
    expect(emulator.admin.requests()).toEqual([]);
  });

  it('fails fast when no browser opens and nobody was shown the URL', async () => {
    const err = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      openBrowser: async () => {
        throw new Error('xdg-open: not found');
      },
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.BROWSER_OPEN_FAILED)).toBe(true);
  });

  it('aborts at once while waiting for the browser', async () => {
    const ac = new AbortController();
    const err = await authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      signal: ac.signal,
      openBrowser: async () => {
        setTimeout(() => ac.abort(), 20);
      },
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.ABORTED)).toBe(true);
  });

  it('the server rejects a code exchanged with the wrong verifier', async () => {
    const input = registrationInputFor('pkce', { issuerUrl: emulator.startUrl });
    const registration = toClientRegistration(await client.registerClient(input), input);
    const right = createPkcePair();
    const wrong = createPkcePair();
    const state = randomUUID();
    const server = await startCallbackServer({ state });
    try {
      await followRedirects(
        buildAuthorizeUrl({
          endpoint: client.endpoint,
          clientId: registration.clientId,
          redirectUri: server.redirectUri,
          state,
          codeChallenge: right.challenge,
          scopes: ['sso:account:access'],
        }),
      );
      const { code } = await server.result;
      const err = await client
        .createToken({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: 'authorization_code',
          code,
          redirectUri: server.redirectUri,
          codeVerifier: wrong.verifier,
        })
        .catch((e: unknown) => e);
      expect(isServiceError(err, 'InvalidGrantException')).toBe(true);
      expect((err as Error).message).not.toContain(wrong.verifier);
      expect((err as Error).message).not.toContain(code);
    } finally {
      await server.close();
    }
  });
});

describe('refreshToken against the emulator', () => {
  async function signIn() {
    return authorizationCodeFlow({
      client,
      startUrl: emulator.startUrl,
      openBrowser: async (url) => void (await followRedirects(url)),
    });
  }

  it('rotates: the new refresh token works, the old one is rejected after use', async () => {
    const { token, registration } = await signIn();
    const first = await refreshToken({ client, registration, refreshToken: token.refreshToken! });
    expect(first.accessToken).not.toBe(token.accessToken);
    expect(first.refreshToken).toBeTruthy();
    expect(first.refreshToken).not.toBe(token.refreshToken);

    const reused = await refreshToken({ client, registration, refreshToken: token.refreshToken! }).catch(
      (e: unknown) => e,
    );
    expect(isServiceError(reused, 'InvalidGrantException')).toBe(true);

    const second = await refreshToken({ client, registration, refreshToken: first.refreshToken! });
    expect(second.accessToken).toBeTruthy();
    const body = emulator.admin
      .requests()
      .filter((r) => r.operation === 'CreateToken')
      .at(-1)?.body;
    expect(body).toMatchObject({ grantType: 'refresh_token', clientId: registration.clientId });
  });

  it('a revoked refresh token gives InvalidGrantException', async () => {
    const { token, registration } = await signIn();
    emulator.admin.revokeRefreshTokens();
    const err = await refreshToken({ client, registration, refreshToken: token.refreshToken! }).catch(
      (e: unknown) => e,
    );
    expect(isServiceError(err, 'InvalidGrantException')).toBe(true);
  });
});

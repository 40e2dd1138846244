import { inspect } from 'node:util';
import { startEmulator } from '@ssokit/emulator';
import { SsoPortalClient } from '@ssokit/portal-client';
import { ProviderErrorCode } from '@ssokit/protocol';
import { RecordingLogger } from '@ssokit/test-support';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ConsoleSignInUrlOptions,
  isConsoleSignInError,
  resolveConsoleDestination,
  resolveConsoleSignInUrl,
  SIGNIN_TOKEN_LIFETIME_MS,
} from './console-url.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'secret-wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-IQoJb3JpZ2luX2VjEJr-long-session-token',
};
const TOKEN = 'signin-token-VERYSECRET-0123456789abcdef';
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
// time stands still: attempt timeouts never fire, backoff (jitter 0) takes no time
const clock = {
  now: () => NOW,
  sleep: (ms: number, signal?: AbortSignal) =>
    ms === 0
      ? Promise.resolve()
      : new Promise<void>((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(signal.reason)),
        ),
};

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const base = (): ConsoleSignInUrlOptions => ({
  credentials,
  dispatcher: agent,
  clock,
  random: () => 0,
  env: {},
});

/** Answers getSigninToken on `origin`, checking the Session JSON it receives. */
function federation(origin: string, status = 200, body: unknown = { SigninToken: TOKEN }, times = 1) {
  agent
    .get(origin)
    .intercept({
      method: 'GET',
      path: (p) => {
        const url = new URL(p, origin);
        const session = JSON.parse(url.searchParams.get('Session') ?? 'null');
        return (
          url.pathname === '/federation' &&
          url.searchParams.get('Action') === 'getSigninToken' &&
          session?.sessionId === credentials.accessKeyId &&
          session?.sessionKey === credentials.secretAccessKey &&
          session?.sessionToken === credentials.sessionToken
        );
      },
    })
    .reply(status, typeof body === 'string' ? body : JSON.stringify(body))
    .times(times);
}

describe('resolveConsoleSignInUrl', () => {
  it('exchanges the credentials for a token and builds the login URL with the destination and region', async () => {
    federation('https://signin.aws.amazon.com');
    const out = await resolveConsoleSignInUrl({ ...base(), destination: 's3', region: 'eu-west-1' });
    const url = new URL(out.url);
    expect(url.origin + url.pathname).toBe('https://signin.aws.amazon.com/federation');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'ssokit',
      Destination: 'https://console.aws.amazon.com/s3/home?region=eu-west-1',
      SigninToken: TOKEN,
    });
    expect(out.destination).toBe('https://console.aws.amazon.com/s3/home?region=eu-west-1');
    expect(out.expiresAt.getTime()).toBe(NOW + SIGNIN_TOKEN_LIFETIME_MS);
  });

  it("uses the sign-in and console hosts of the region's partition", async () => {
    federation('https://signin.amazonaws.cn');
    const cn = await resolveConsoleSignInUrl({ ...base(), region: 'cn-north-1' });
    expect(cn.url.startsWith('https://signin.amazonaws.cn/federation?')).toBe(true);
    expect(cn.destination).toBe('https://console.amazonaws.cn/console/home?region=cn-north-1');
    federation('https://signin.amazonaws-us-gov.com');
    const gov = await resolveConsoleSignInUrl({ ...base(), region: 'us-gov-west-1', destination: 'ec2' });
    expect(gov.destination).toBe('https://console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1');
  });

  it('goes to AWS_ENDPOINT_URL_SIGNIN, else AWS_ENDPOINT_URL, else [services] signin', async () => {
    federation('http://127.0.0.1:7001');
    const a = await resolveConsoleSignInUrl({
      ...base(),
      env: { AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:7001', AWS_ENDPOINT_URL: 'http://127.0.0.1:7002' },
    });
    expect(a.url.startsWith('http://127.0.0.1:7001/federation?Action=login&')).toBe(true);
    federation('http://127.0.0.1:7002');
    await resolveConsoleSignInUrl({ ...base(), env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:7002' } });
    federation('http://localhost:7003');
    await resolveConsoleSignInUrl({
      ...base(),
      servicesSection: { signin: { endpoint_url: 'http://localhost:7003' } },
    });
  });

  it("refuses a destination off the partition's console before any request", async () => {
    for (const [destination, region] of [
      ['https://evil.example/s3/home', 'us-east-1'],
      ['http://console.aws.amazon.com/', 'us-east-1'],
      ['https://console.aws.amazon.com.evil.example/', 'us-east-1'],
      ['https://console.aws.amazon.com/', 'cn-north-1'],
      ['not a service', 'us-east-1'],
    ] as const) {
      const e = await resolveConsoleSignInUrl({ ...base(), destination, region }).catch((x: unknown) => x);
      expect(isConsoleSignInError(e, ProviderErrorCode.CONSOLE_DESTINATION), destination).toBe(true);
    }
    expect(
      resolveConsoleDestination('https://us-east-1.console.aws.amazon.com/iam/home#/roles', 'us-east-1'),
    ).toBe('https://us-east-1.console.aws.amazon.com/iam/home#/roles');
  });

  it('turns a refusal (400) into a ConsoleSignInError without retrying, and never shows a secret', async () => {
    federation(
      'https://signin.aws.amazon.com',
      400,
      `<html>bad request for ${credentials.secretAccessKey}</html>`,
    );
    const logger = new RecordingLogger();
    const e = await resolveConsoleSignInUrl({ ...base(), logger }).catch((x: unknown) => x);
    expect(isConsoleSignInError(e, ProviderErrorCode.CONSOLE_SIGNIN_REFUSED)).toBe(true);
    expect((e as Error).message).toMatch(/refused the credentials \(HTTP 400\).*ssokit credentials/);
    const shown = [
      (e as Error).message,
      inspect(e, { depth: 10 }),
      JSON.stringify(e),
      logger.text(),
      logger.lines.join('\n'),
    ].join('\n');
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken])
      for (const form of [secret, encodeURIComponent(secret)]) expect(shown).not.toContain(form);
  });

  it('retries a transient failure like every other call', async () => {
    federation('https://signin.aws.amazon.com', 503, { message: 'unavailable' });
    federation('https://signin.aws.amazon.com');
    const out = await resolveConsoleSignInUrl(base());
    expect(new URL(out.url).searchParams.get('SigninToken')).toBe(TOKEN);
  });

  it('logs no secret on success, and inspect() hides the token in the URL', async () => {
    federation('https://signin.aws.amazon.com');
    const logger = new RecordingLogger();
    const out = await resolveConsoleSignInUrl({ ...base(), logger });
    expect(logger.entries.length).toBeGreaterThan(0);
    const shown = `${logger.text()}\n${logger.lines.join('\n')}\n${inspect(out)}`;
    for (const secret of [credentials.secretAccessKey, credentials.sessionToken, TOKEN])
      for (const form of [secret, encodeURIComponent(secret)]) expect(shown).not.toContain(form);
    expect(out.url).toContain(TOKEN);
  });

  it('refuses long-term keys (no session token) without a request', async () => {
    const e = await resolveConsoleSignInUrl({
      ...base(),
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    }).catch((x: unknown) => x);
    expect(isConsoleSignInError(e, ProviderErrorCode.CONSOLE_SIGNIN_REFUSED)).toBe(true);
    expect((e as Error).message).toMatch(/session token/);
  });
});

describe('resolveConsoleSignInUrl against the emulator', () => {
  it('gives a URL that signs in to the emulated console as the role', async () => {
    const emulator = await startEmulator();
    try {
      const { accessToken } = emulator.admin.issueAccessToken('alice');
      const portal = new SsoPortalClient({ endpoint: emulator.url });
      const { roleCredentials } = await portal.getRoleCredentials({
        accessToken,
        accountId: '222222222222',
        roleName: 'DeveloperAccess',
      });
      await portal.close?.();
      const out = await resolveConsoleSignInUrl({
        credentials: roleCredentials as typeof credentials,
        destination: 's3',
        region: 'eu-west-1',
        env: { AWS_ENDPOINT_URL: emulator.url },
      });
      expect(out.url.startsWith(`${emulator.url}/federation?Action=login&`)).toBe(true);
      const login = await fetch(out.url, { redirect: 'manual' });
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toBe('/console/s3/home?region=eu-west-1');
      const page = await fetch(new URL(login.headers.get('location')!, emulator.url), {
        headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! },
      });
      const html = await page.text();
      expect(html).toContain('<dd id="console-account">222222222222</dd>');
      expect(html).toContain('<dd id="console-role">DeveloperAccess</dd>');

      // credentials the emulator did not issue are refused, with the typed error
      const refused = await resolveConsoleSignInUrl({
        credentials: { ...credentials },
        env: { AWS_ENDPOINT_URL: emulator.url },
      }).catch((x: unknown) => x);
      expect(isConsoleSignInError(refused, ProviderErrorCode.CONSOLE_SIGNIN_REFUSED)).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});

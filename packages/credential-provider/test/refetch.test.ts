import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isSsokitError } from '@ssokit/protocol';
import { FileTokenStore, type SsoToken } from '@ssokit/token-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FromSsoOptions, fromSso } from '../src/from-sso.js';
import { RecordingLogger, signIn, useEmulatorHome } from './helpers.js';

// role credentials live 20 minutes: 15 minutes before that, 5 minutes after issue, they are due
const sso = useEmulatorHome({ pollIntervalSeconds: 1, roleCredentialsTtlSeconds: 20 * 60 });

describe('role credentials are refetched when under 15 minutes remain', () => {
  const minutes = (n: number) => n * 60_000;
  let now = 0;
  const clock = { now: () => now };
  beforeEach(async () => {
    now = Date.now();
    await signIn(sso.emulator, sso.h);
  });
  const options = (more: Partial<FromSsoOptions> = {}): FromSsoOptions => ({
    profile: 'dev',
    env: sso.h.env,
    homeDir: sso.h.home,
    clock,
    ...more,
  });
  const fetched = () => sso.emulator.admin.counters()['GetRoleCredentials'] ?? 0;

  it('keeps the memoized credentials with 16 minutes left, refetches with 14', async () => {
    const provider = fromSso(options({ roleCredentialCache: false }));
    const first = await provider();
    expect(fetched()).toBe(1);
    now += minutes(4);
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    expect(fetched()).toBe(1);
    now += minutes(2);
    const second = await provider();
    expect(fetched()).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration!.getTime()).toBeGreaterThan(first.expiration!.getTime());
  });

  it('a new provider serves the AWS CLI role cache with 16 minutes left, and refetches with 14', async () => {
    const first = await fromSso(options())();
    now += minutes(4);
    expect((await fromSso(options())()).accessKeyId).toBe(first.accessKeyId);
    expect(fetched()).toBe(1);
    now += minutes(2);
    expect((await fromSso(options())()).accessKeyId).not.toBe(first.accessKeyId);
    expect(fetched()).toBe(2);
  });
});

describe('forceRefresh', () => {
  beforeEach(async () => {
    await signIn(sso.emulator, sso.h);
  });
  const fetched = () => sso.emulator.admin.counters()['GetRoleCredentials'] ?? 0;
  const options = (): FromSsoOptions => ({ profile: 'dev', env: sso.h.env, homeDir: sso.h.home });

  it('fetches new credentials past the memo and the AWS CLI role cache, once for concurrent calls', async () => {
    const provider = fromSso(options());
    const first = await provider();
    expect((await provider()).accessKeyId).toBe(first.accessKeyId);
    expect(fetched()).toBe(1);
    const [a, b] = await Promise.all([provider({ forceRefresh: true }), provider({ forceRefresh: true })]);
    expect(fetched()).toBe(2);
    expect(b.accessKeyId).toBe(a.accessKeyId);
    expect(a.accessKeyId).not.toBe(first.accessKeyId);
    // the memo and the role cache now hold the new credentials
    expect((await provider()).accessKeyId).toBe(a.accessKeyId);
    expect((await fromSso(options())()).accessKeyId).toBe(a.accessKeyId);
    expect(fetched()).toBe(2);
  });
});

// Secrets with a recognisable middle: a leak of the whole value or of anything past a short prefix fails.
const CANARY = {
  accessToken: `aoaCanaryAccessToken${'Q7'.repeat(30)}`,
  refreshToken: `aorCanaryRefreshToken${'K4'.repeat(30)}`,
  clientSecret: `CanaryClientSecret${'Z9'.repeat(30)}`,
  secretAccessKey: `CanarySecretKey${'W3'.repeat(12)}`,
  sessionToken: `CanarySessionToken${'J8'.repeat(40)}`,
};
const fragments = Object.values(CANARY).flatMap((s) => [s, s.slice(8, 30)]);

function expectNoSecret(text: string): void {
  for (const f of fragments) expect(text).not.toContain(f);
}

/** Everything a person or a log could see of an error. */
function surfaces(e: unknown): string {
  const err = e as Error;
  return [
    String(err),
    err.message,
    err.stack,
    inspect(err, { depth: 20, showHidden: true }),
    JSON.stringify(err),
  ].join('\n');
}

async function expectSecretFreeFailure(promise: Promise<unknown>, logger: RecordingLogger): Promise<unknown> {
  const e = await promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );
  expect(isSsokitError(e)).toBe(true);
  expectNoSecret(surfaces(e));
  expectNoSecret(logger.lines.join('\n'));
  return e;
}

describe('no secret reaches an error or the log', () => {
  const store = () => new FileTokenStore({ homeDir: sso.h.home });
  const canaryToken = (expiresInMs: number): SsoToken => ({
    startUrl: sso.emulator.startUrl,
    region: sso.emulator.region,
    accessToken: CANARY.accessToken,
    expiresAt: new Date(Date.now() + expiresInMs),
    clientId: 'canary-client',
    clientSecret: CANARY.clientSecret,
    registrationExpiresAt: new Date(Date.now() + 86_400_000),
    refreshToken: CANARY.refreshToken,
  });
  const provider = (logger: RecordingLogger, env = sso.h.env) =>
    fromSso({
      profile: 'dev',
      env,
      homeDir: sso.h.home,
      logger,
      portal: { logger, retry: { maxAttempts: 1 } },
    });

  it('when the portal answers 401 to a revoked access token', async () => {
    await store().write(sso.h.session, canaryToken(3_600_000));
    const logger = new RecordingLogger();
    const e = await expectSecretFreeFailure(provider(logger)(), logger);
    expect(e).toMatchObject({ code: 'ERR_SSOKIT_LOGIN_REQUIRED' });
    expect(sso.emulator.admin.requests().map((r) => [r.operation, r.status])).toEqual([
      ['GetRoleCredentials', 401],
    ]);
  });

  it.each([
    ['inside the mandatory window', 3 * 60_000],
    ['expired', -60_000],
  ])('when the refresh of a token %s is refused', async (_, expiresIn) => {
    await store().write(sso.h.session, canaryToken(expiresIn));
    const logger = new RecordingLogger();
    await expectSecretFreeFailure(provider(logger)(), logger);
    expect(sso.emulator.admin.counters()['CreateToken']).toBeGreaterThanOrEqual(1);
  });

  it('when the token file is truncated in the middle of the secrets', async () => {
    await store().write(sso.h.session, canaryToken(3_600_000));
    const full = JSON.stringify({ ...canaryToken(3_600_000), expiresAt: '2030-01-01T00:00:00Z' });
    await writeFile(sso.h.tokenFile, full.slice(0, full.indexOf(CANARY.refreshToken) + 40));
    const logger = new RecordingLogger();
    const e = await expectSecretFreeFailure(provider(logger)(), logger);
    expect(e).toMatchObject({ code: 'ERR_SSOKIT_LOGIN_REQUIRED' });
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes(sso.h.tokenFile))).toBe(true);
  });

  it('when the config is broken and holds secrets of its own', async () => {
    await store().write(sso.h.session, canaryToken(3_600_000));
    await writeFile(
      sso.h.env['AWS_CONFIG_FILE']!,
      `[profile dev]\nsso_session = work\nsso_account_id = ${sso.assignment.accountId}\n` +
        `aws_secret_access_key = ${CANARY.secretAccessKey}\naws_session_token = ${CANARY.sessionToken}\n\n` +
        `[sso-session work]\nsso_start_url = ${sso.emulator.startUrl}\nsso_region = ${CANARY.clientSecret}\n`,
    );
    const logger = new RecordingLogger();
    const e = await expectSecretFreeFailure(provider(logger)(), logger);
    expect(e).toMatchObject({ code: 'ERR_SSOKIT_PROFILE_CONFIG' });
    expect(sso.emulator.admin.requests()).toEqual([]);
  });

  describe('role credentials from a portal that answers with canary secrets', () => {
    let answer: unknown;
    let portalUrl = '';
    let close: () => Promise<void> = async () => {};
    beforeAll(async () => {
      const server = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      portalUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise((resolve) => server.close(() => resolve()));
    });
    afterAll(() => close());
    const roleCredentials = (more: Record<string, unknown> = {}) => ({
      roleCredentials: {
        accessKeyId: 'ASIACANARYEXAMPLE123',
        secretAccessKey: CANARY.secretAccessKey,
        sessionToken: CANARY.sessionToken,
        expiration: Date.now() + 3_600_000,
        ...more,
      },
    });
    const env = () => ({ ...sso.h.env, AWS_ENDPOINT_URL_SSO: portalUrl });

    it('are returned, and neither debug nor warn lines carry them, even when caching them fails', async () => {
      await store().write(sso.h.session, canaryToken(3_600_000));
      await mkdir(join(sso.h.home, '.aws', 'cli'), { recursive: true });
      await writeFile(join(sso.h.home, '.aws', 'cli', 'cache'), 'a file where the cache directory belongs');
      answer = roleCredentials();
      const logger = new RecordingLogger();
      const creds = await provider(logger, env())();
      expect(creds.secretAccessKey).toBe(CANARY.secretAccessKey);
      expect(creds.sessionToken).toBe(CANARY.sessionToken);
      expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('could not cache'))).toBe(true);
      expectNoSecret(logger.lines.join('\n'));
    });

    it.each([
      ['an expiration that is not a number', { expiration: 'soon' }],
      ['no access key id', { accessKeyId: undefined }],
      ['a secret of the wrong type', { secretAccessKey: { nested: CANARY.secretAccessKey } }],
    ])('fail without echoing them when the answer has %s', async (_, more) => {
      await store().write(sso.h.session, canaryToken(3_600_000));
      answer = roleCredentials(more);
      const logger = new RecordingLogger();
      await expectSecretFreeFailure(provider(logger, env())(), logger);
    });
  });
});

import {
  CreateToken,
  CreateTokenWithIAM,
  GrantType,
  ListAccounts,
  type OperationBinding,
  type ServiceErrorName,
} from '@ssokit/protocol';
import type { Dispatcher, MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drive, FakeClock, mockAgent, rejection, settle } from '../test/helpers.js';
import { isServiceError, isTransportError } from './errors.js';
import { computeBackoff, DEFAULT_RETRY_OPTIONS, parseRetryAfter, resolveRetryOptions } from './retry.js';
import { Transport } from './transport.js';

const OIDC = 'https://oidc.us-east-1.amazonaws.com';
const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const TIMEOUT = 15_000;

describe('computeBackoff', () => {
  const opts = resolveRetryOptions();
  it('is full jitter over base * 2^attempt, capped at 20 s', () => {
    const top = () => 0.999_999;
    expect(computeBackoff(0, false, opts, top)).toBe(99);
    expect(computeBackoff(1, false, opts, top)).toBe(199);
    expect(computeBackoff(0, true, opts, top)).toBe(499);
    expect(computeBackoff(2, true, opts, top)).toBe(1999);
    expect(computeBackoff(30, true, opts, top)).toBe(19_999);
    expect(computeBackoff(5, false, opts, () => 0)).toBe(0);
    expect(computeBackoff(1, false, opts, () => 0.5)).toBe(100);
  });

  it('stays within bounds for any random value', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999]) {
        const d = computeBackoff(attempt, attempt % 2 === 0, opts, () => r);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(20_000, (attempt % 2 === 0 ? 500 : 100) * 2 ** attempt));
      }
    }
  });

  it('defaults follow the standard retry mode and bad settings are refused', () => {
    expect(DEFAULT_RETRY_OPTIONS).toEqual({
      maxAttempts: 3,
      baseDelayMs: 100,
      throttleBaseDelayMs: 500,
      maxDelayMs: 20_000,
    });
    expect(() => resolveRetryOptions({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryOptions({ baseDelayMs: -1 })).toThrow(/baseDelayMs/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:04 GMT', now)).toBe(4000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('retries (design notes, Retries) with a fake clock', () => {
  let agent: MockAgent;
  let dispatcher: Dispatcher;
  let clock: FakeClock;
  let seen: Seen[];
  beforeEach(() => {
    agent = mockAgent();
    clock = new FakeClock();
    seen = [];
    // Records every request that reaches the dispatcher, so extra attempts cannot go unnoticed.
    dispatcher = agent.compose((dispatch) => (opts, handler) => {
      const headers = opts.headers as Record<string, string>;
      seen.push({ attempt: headers['amz-sdk-request'], invocation: headers['amz-sdk-invocation-id'] });
      return dispatch(opts, handler);
    });
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  interface Seen {
    attempt: string | undefined;
    invocation: string | undefined;
  }
  type Reply = { status: number; body?: string; headers?: Record<string, string> } | { error: string };

  /** Queues one reply per attempt; returns the attempt headers of every request actually dispatched. */
  function replies(op: OperationBinding, list: Reply[]): Seen[] {
    const pool = agent.get(op.service === 'sso' ? PORTAL : OIDC);
    for (const r of list) {
      const interceptor = pool.intercept({ path: () => true, method: op.method });
      if ('error' in r) {
        interceptor.replyWithError(Object.assign(new Error(`socket failure ${r.error}`), { code: r.error }));
      } else {
        interceptor.reply(r.status, r.body ?? '{}', { headers: r.headers ?? {} });
      }
    }
    return seen;
  }

  const make =
    (endpoint: string) =>
    (random: () => number = () => 0.5) =>
      new Transport({ endpoint, dispatcher, clock, random, timeoutMs: TIMEOUT });
  const portal = make(PORTAL);
  const oidc = make(OIDC);
  const backoffs = () => clock.sleeps.filter((ms) => ms !== TIMEOUT);
  const tokenInput = {
    clientId: 'c',
    clientSecret: 's',
    grantType: GrantType.REFRESH_TOKEN,
    refreshToken: 'r',
  };

  it('retries transient faults up to 3 attempts with growing jittered backoff, same invocation id', async () => {
    const seen = replies(ListAccounts, [
      { status: 500 },
      { status: 502 },
      { status: 200, body: '{"accountList":[]}' },
    ]);
    const out = await drive(clock, portal(() => 0.5).send(ListAccounts, { accessToken: 't' }));
    expect(out).toEqual({ accountList: [] });
    expect(seen.map((s) => s.attempt)).toEqual(['attempt=1; max=3', 'attempt=2; max=3', 'attempt=3; max=3']);
    expect(new Set(seen.map((s) => s.invocation)).size).toBe(1);
    // 0.5 * 100 * 2^0, then 0.5 * 100 * 2^1
    expect(backoffs()).toEqual([50, 100]);
  });

  it('gives up after the third attempt with the last error', async () => {
    const seen = replies(ListAccounts, [{ status: 503 }, { status: 504 }, { status: 503 }]);
    const err = await rejection(drive(clock, portal().send(ListAccounts, { accessToken: 't' })));
    expect(seen).toHaveLength(3);
    expect(isServiceError(err)).toBe(true);
    expect((err as { status: number }).status).toBe(503);
    expect(backoffs()).toHaveLength(2);
  });

  it('throttling uses the 500 ms base', async () => {
    replies(ListAccounts, [
      { status: 429, body: '{"message":"Too many requests"}' },
      { status: 429 },
      { status: 200 },
    ]);
    await drive(clock, portal(() => 0.999).send(ListAccounts, { accessToken: 't' }));
    const [first, second] = backoffs();
    expect(first).toBeGreaterThan(400);
    expect(first).toBeLessThan(500);
    expect(second).toBeGreaterThan(900);
    expect(second).toBeLessThan(1000);
  });

  it('honours Retry-After in seconds', async () => {
    replies(ListAccounts, [{ status: 429, headers: { 'retry-after': '3' } }, { status: 200 }]);
    await drive(clock, portal(() => 0.5).send(ListAccounts, { accessToken: 't' }));
    expect(backoffs()).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date, measured on the injected clock', async () => {
    const at = new Date(clock.now() + 7000).toUTCString();
    replies(ListAccounts, [{ status: 503, headers: { 'retry-after': at } }, { status: 200 }]);
    await drive(clock, portal(() => 0.5).send(ListAccounts, { accessToken: 't' }));
    expect(backoffs()).toEqual([7000]);
  });

  it('does not retry when Retry-After asks for longer than the 20 s cap, and says how long', async () => {
    replies(ListAccounts, [{ status: 429, headers: { 'retry-after': '120' } }]);
    const err = await rejection(drive(clock, portal().send(ListAccounts, { accessToken: 't' })));
    expect((err as { retryAfterMs: number }).retryAfterMs).toBe(120_000);
    expect(backoffs()).toEqual([]);
  });

  it.each([
    [
      '400 InvalidRequestException',
      400,
      '{"message":"bad"}',
      { 'x-amzn-errortype': 'InvalidRequestException' },
    ],
    ['401 UnauthorizedException', 401, '{"message":"Session token not found or invalid"}', {}],
    ['404 ResourceNotFoundException', 404, '{"message":"no"}', {}],
  ])('never retries %s', async (_n, status, body, headers) => {
    const seen = replies(ListAccounts, [{ status, body, headers }]);
    const err = await rejection(drive(clock, portal().send(ListAccounts, { accessToken: 't' })));
    expect(isServiceError(err)).toBe(true);
    expect(seen).toHaveLength(1);
    expect(backoffs()).toEqual([]);
  });

  it.each<[string, ServiceErrorName]>([
    ['authorization_pending', 'AuthorizationPendingException'],
    ['slow_down', 'SlowDownException'],
    ['invalid_client', 'InvalidClientException'],
    ['access_denied', 'AccessDeniedException'],
  ])('never retries %s: the device-flow poller owns it', async (oauth, name) => {
    const seen = replies(CreateToken, [
      {
        status: name === 'InvalidClientException' ? 401 : 400,
        body: JSON.stringify({ error: oauth }),
        headers: { 'x-amzn-errortype': name },
      },
    ]);
    const err = await rejection(drive(clock, oidc().send(CreateToken, tokenInput)));
    expect(isServiceError(err, name)).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('retries a replay-safe GET after a connection reset', async () => {
    const seen = replies(ListAccounts, [{ error: 'ECONNRESET' }, { status: 200 }]);
    await drive(clock, portal().send(ListAccounts, { accessToken: 't' }));
    expect(seen).toHaveLength(2);
  });

  it('does not retry a network error that is not transient', async () => {
    const seen = replies(ListAccounts, [{ error: 'ENOTFOUND' }]);
    const err = await rejection(drive(clock, portal().send(ListAccounts, { accessToken: 't' })));
    expect(isTransportError(err, 'ERR_SSOKIT_NETWORK')).toBe(true);
    expect((err as { networkCode: string }).networkCode).toBe('ENOTFOUND');
    expect(seen).toHaveLength(1);
  });

  it('maxAttempts: 1 turns retries off', async () => {
    const seen = replies(ListAccounts, [{ status: 503 }]);
    const t = new Transport({ endpoint: PORTAL, dispatcher, clock, retry: { maxAttempts: 1 } });
    await rejection(drive(clock, t.send(ListAccounts, { accessToken: 't' })));
    expect(seen.map((s) => s.attempt)).toEqual(['attempt=1; max=1']);
  });

  describe('CreateToken is not replayed once the service may have processed it', () => {
    it.each([
      [
        '500 InternalServerException',
        {
          status: 500,
          body: '{"error":"server_error"}',
          headers: { 'x-amzn-errortype': 'InternalServerException' },
        },
      ],
      ['502', { status: 502, body: 'Bad Gateway' }],
      ['504', { status: 504, body: 'Gateway Timeout' }],
      ['a connection reset', { error: 'ECONNRESET' }],
      ['a socket closed mid-response', { error: 'UND_ERR_SOCKET' }],
    ] as [string, Reply][])('not after %s', async (_n, reply) => {
      const seen = replies(CreateToken, [reply]);
      const err = await rejection(drive(clock, oidc().send(CreateToken, tokenInput)));
      expect(seen).toHaveLength(1);
      // The error still says a retry could work: the caller decides (e.g. restart the flow).
      expect((err as { isRetryable: boolean }).isRetryable).toBe(true);
      expect(backoffs()).toEqual([]);
    });

    it.each([
      ['503', { status: 503, body: '' }],
      ['429', { status: 429, body: '' }],
      ['connection refused', { error: 'ECONNREFUSED' }],
      ['a connect timeout', { error: 'UND_ERR_CONNECT_TIMEOUT' }],
    ] as [string, Reply][])('but retried after %s', async (_n, reply) => {
      const seen = replies(CreateToken, [
        reply,
        { status: 200, body: '{"accessToken":"a","expiresIn":3600}' },
      ]);
      const out = await drive(clock, oidc().send(CreateToken, tokenInput));
      expect(out.accessToken).toBe('a');
      expect(seen.map((s) => s.attempt)).toEqual(['attempt=1; max=3', 'attempt=2; max=3']);
    });

    it('CreateTokenWithIAM follows the same rule and is re-signed for each attempt', async () => {
      const seen = replies(CreateTokenWithIAM, [{ status: 503 }, { status: 500 }]);
      let signatures = 0;
      const err = await rejection(
        drive(
          clock,
          oidc().send(
            CreateTokenWithIAM,
            { clientId: 'arn:aws:sso::1:application/a', grantType: GrantType.JWT_BEARER, assertion: 'jwt' },
            { signer: async () => ({ authorization: `sig-${++signatures}` }) },
          ),
        ),
      );
      expect(seen).toHaveLength(2);
      expect(signatures).toBe(2);
      expect((err as { status: number }).status).toBe(500);
    });
  });

  it('an abort during a backoff sleep stops at once', async () => {
    replies(ListAccounts, [{ status: 503 }]);
    const controller = new AbortController();
    const p = portal(() => 0.5).send(ListAccounts, { accessToken: 't' }, { signal: controller.signal });
    p.catch(() => {});
    for (let i = 0; i < 20 && clock.pending.length !== 1; i++) await settle(1);
    await settle();
    expect(clock.pending).toEqual([50]);
    controller.abort(new Error('user pressed ^C'));
    const err = await rejection(p);
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
    expect((err as { isRetryable: boolean }).isRetryable).toBe(false);
    expect(clock.pending).toEqual([]);
  });

  it('an already aborted signal sends nothing', async () => {
    const err = await rejection(
      portal().send(ListAccounts, { accessToken: 't' }, { signal: AbortSignal.abort() }),
    );
    expect(isTransportError(err, 'ERR_SSOKIT_ABORTED')).toBe(true);
  });
});

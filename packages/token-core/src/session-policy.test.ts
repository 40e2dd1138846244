import { describe, expect, it } from 'vitest';
import { decideSession, type RefreshWindows, type SessionDecision } from './session-policy.js';
import { FAILED_REFRESH_THROTTLE_MS, MUST_REFRESH_MS, REFRESH_AHEAD_MS } from './timings.js';
import { canRefresh, type SsoToken, toSessionToken } from './token.js';

const MIN = 60_000;
const NOW = Date.parse('2030-06-01T12:00:00Z');
const windows: RefreshWindows = {
  refreshAheadMs: REFRESH_AHEAD_MS,
  mustRefreshMs: MUST_REFRESH_MS,
  failedRefreshThrottleMs: FAILED_REFRESH_THROTTLE_MS,
};

const token = (remainingMs: number, extra: Partial<SsoToken> = {}): SsoToken => ({
  startUrl: 'https://a.awsapps.com/start',
  region: 'eu-west-1',
  accessToken: 'access',
  expiresAt: new Date(NOW + remainingMs),
  clientId: 'cid',
  clientSecret: 'csecret',
  registrationExpiresAt: new Date(NOW + 90 * 24 * 60 * MIN),
  refreshToken: 'refresh',
  ...extra,
});
const legacy = (remainingMs: number) =>
  token(remainingMs, { clientId: undefined, clientSecret: undefined, refreshToken: undefined });

describe('decideSession: the refresh policy, without I/O', () => {
  it.each<[string, SsoToken | undefined, number | undefined, SessionDecision]>([
    ['no token', undefined, undefined, { action: 'sign-in', reason: 'no-token' }],
    ['more than 15 min left', token(16 * MIN), undefined, { action: 'use', because: 'fresh' }],
    ['exactly 15 min left: refresh ahead', token(15 * MIN), undefined, { action: 'refresh-ahead' }],
    ['10 min left', token(10 * MIN), undefined, { action: 'refresh-ahead' }],
    ['5 min left: callers wait', token(5 * MIN), undefined, { action: 'refresh-and-wait' }],
    ['expired but refreshable', token(-MIN), undefined, { action: 'refresh-and-wait' }],
    ['legacy, 10 min left', legacy(10 * MIN), undefined, { action: 'use', because: 'not-refreshable' }],
    ['legacy, expired', legacy(-1), undefined, { action: 'sign-in', reason: 'expired' }],
    [
      'registration expired',
      token(2 * MIN, { registrationExpiresAt: new Date(NOW - 1) }),
      undefined,
      { action: 'use', because: 'not-refreshable' },
    ],
    ['failed 10 s ago, still valid', token(2 * MIN), NOW - 10_000, { action: 'use', because: 'throttled' }],
    [
      'failed 10 s ago, expired',
      token(-1),
      NOW - 10_000,
      { action: 'sign-in', reason: 'refresh-failed', throttledForMs: 10_000 },
    ],
    ['failed 30 s ago: try again', token(2 * MIN), NOW - 30_000, { action: 'refresh-and-wait' }],
  ])('%s', (_name, t, lastFailureAt, expected) => {
    expect(decideSession({ token: t, now: NOW, windows, lastFailureAt })).toEqual(expected);
  });

  it('follows the windows it is given', () => {
    const wide = { ...windows, refreshAheadMs: 30 * MIN, mustRefreshMs: 20 * MIN };
    expect(decideSession({ token: token(25 * MIN), now: NOW, windows: wide })).toEqual({
      action: 'refresh-ahead',
    });
    expect(decideSession({ token: token(15 * MIN), now: NOW, windows: wide })).toEqual({
      action: 'refresh-and-wait',
    });
  });

  it('for a sign-in that was asked for, keeps only a refreshable token outside mustRefreshMs', () => {
    const ask = (t: SsoToken | undefined, w = windows) =>
      decideSession({ token: t, now: NOW, windows: w, signIn: true });
    expect(ask(token(10 * MIN)).action).toBe('use');
    expect(ask(token(5 * MIN)).action).toBe('sign-in');
    expect(ask(legacy(60 * MIN)).action).toBe('sign-in');
    expect(ask(undefined).action).toBe('sign-in');
    expect(ask(token(10 * MIN), { ...windows, mustRefreshMs: 11 * MIN }).action).toBe('sign-in');
  });
});

describe('toSessionToken: a flow result to the cached session token', () => {
  const flow = { accessToken: 'a', expiresAt: new Date(NOW + 60 * MIN), refreshToken: 'r', idToken: 'i' };
  const registration = { clientId: 'c', clientSecret: 's', expiresAt: new Date(NOW + 90 * 24 * 60 * MIN) };

  it('keeps what a refresh needs for an sso-session, so the session refreshes', () => {
    const session = { ssoSession: 'work', startUrl: 'https://a.awsapps.com/start', region: 'eu-west-1' };
    const t = toSessionToken(session, flow, registration);
    expect(t).toEqual({
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'a',
      expiresAt: flow.expiresAt,
      clientId: 'c',
      clientSecret: 's',
      registrationExpiresAt: registration.expiresAt,
      refreshToken: 'r',
    });
    expect(canRefresh(t, NOW)).toBe(true);
    // what a bare spread gives instead: a session that never refreshes
    expect(canRefresh({ ...flow, startUrl: session.startUrl, region: session.region }, NOW)).toBe(false);
  });

  it('gives a legacy profile a token without refresh, as AWS CLI v2', () => {
    const t = toSessionToken(
      { startUrl: 'https://a.awsapps.com/start', region: 'eu-west-1' },
      flow,
      registration,
    );
    expect(t.refreshToken).toBeUndefined();
    expect(t.clientId).toBeUndefined();
  });
});

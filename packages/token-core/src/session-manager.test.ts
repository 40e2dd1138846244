import { mkdir, utimes } from 'node:fs/promises';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoClock, RecordingLogger, tempHome } from '../test/helpers.js';
import { LoginRequiredError } from './errors.js';
import { SessionManager } from './session-manager.js';
import type { LoginHandler, TokenRefresher } from './session-types.js';
import type { SsoSessionRef, SsoToken } from './token.js';
import { FileTokenStore, MemoryTokenStore, type TokenStore } from './token-store.js';

const MIN = 60_000;
const A: SsoSessionRef = { ssoSession: 'a', startUrl: 'https://a.awsapps.com/start', region: 'eu-west-1' };
const B: SsoSessionRef = { ssoSession: 'b', startUrl: 'https://b.awsapps.com/start', region: 'eu-west-1' };

let clock: AutoClock;
let logger: RecordingLogger;
let store: MemoryTokenStore;
beforeEach(() => {
  clock = new AutoClock(Date.parse('2030-06-01T12:00:00Z'));
  logger = new RecordingLogger();
  store = new MemoryTokenStore({ clock });
});

function tokenFor(session: SsoSessionRef, remainingMs: number, extra: Partial<SsoToken> = {}): SsoToken {
  return {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: `access-${session.ssoSession}-${remainingMs}`,
    expiresAt: new Date(clock.now() + remainingMs),
    clientId: 'cid',
    clientSecret: 'client-secret-0123456789',
    registrationExpiresAt: new Date(clock.now() + 90 * 24 * 60 * MIN),
    refreshToken: 'refresh-0',
    ...extra,
  };
}

/** A refresher that records its calls and answers with a new 1-hour token. */
function recordingRefresher(fail?: (session: SsoSessionRef) => Error | undefined) {
  const calls: Array<{ session: SsoSessionRef; token: SsoToken }> = [];
  const refresher: TokenRefresher = async (session, token) => {
    calls.push({ session, token });
    const err = fail?.(session);
    if (err) throw err;
    return {
      ...token,
      accessToken: `refreshed-${calls.length}`,
      expiresAt: new Date(clock.now() + 60 * MIN),
      refreshToken: `refresh-${calls.length}`,
    };
  };
  return { calls, refresher };
}

function manager(refresher: TokenRefresher, s: TokenStore = store) {
  return new SessionManager({ store: s, refresher, clock, logger });
}

describe('refresh windows', () => {
  it('serves from the cache while more than 15 min remain', async () => {
    await store.write(A, tokenFor(A, 15 * MIN + 1000));
    const { calls, refresher } = recordingRefresher();
    expect((await manager(refresher).getAccessToken(A)).accessToken).toBe(`access-a-${15 * MIN + 1000}`);
    expect(calls).toHaveLength(0);
  });

  it('refreshes ahead under 15 min and stores the result', async () => {
    await store.write(A, tokenFor(A, 14 * MIN));
    const { calls, refresher } = recordingRefresher();
    const m = manager(refresher);
    const events: unknown[] = [];
    m.on('refreshed', (e) => events.push(e));
    const t = await m.getAccessToken(A);
    expect(t.accessToken).toBe('refreshed-1');
    expect(calls).toHaveLength(1);
    expect((await store.read(A))?.refreshToken).toBe('refresh-1');
    expect(events).toEqual([{ session: A, expiresAt: new Date(clock.now() + 60 * MIN) }]);
    // now fresh: no second refresh
    await m.getAccessToken(A);
    expect(calls).toHaveLength(1);
  });

  it('tolerates a failed refresh ahead, warns once, and throttles retries for 30 s', async () => {
    const old = tokenFor(A, 10 * MIN);
    await store.write(A, old);
    const { calls, refresher } = recordingRefresher(() => new Error('network down'));
    const m = manager(refresher);
    const failures: Array<{ tokenStillValid: boolean }> = [];
    m.on('refresh-failed', (e) => failures.push(e));
    expect((await m.getAccessToken(A)).accessToken).toBe(old.accessToken);
    expect(calls).toHaveLength(1);
    expect(failures).toMatchObject([{ tokenStillValid: true }]);
    expect(logger.warnings).toHaveLength(1);
    clock.advance(29_000);
    expect((await m.getAccessToken(A)).accessToken).toBe(old.accessToken);
    expect(calls).toHaveLength(1);
    clock.advance(1_000);
    await m.getAccessToken(A);
    expect(calls).toHaveLength(2);
  });

  it('must refresh under 5 min; a failure is tolerated while the token is valid', async () => {
    const old = tokenFor(A, 4 * MIN);
    await store.write(A, old);
    let failing = true;
    const { calls, refresher } = recordingRefresher(() => (failing ? new Error('boom') : undefined));
    const m = manager(refresher);
    expect((await m.getAccessToken(A)).accessToken).toBe(old.accessToken);
    expect(calls).toHaveLength(1);
    failing = false;
    clock.advance(30_000);
    expect((await m.getAccessToken(A)).accessToken).toBe('refreshed-2');
  });

  it('an expired token whose refresh fails is a LoginRequiredError naming the command and the reason', async () => {
    await store.write(A, tokenFor(A, -1));
    const { refresher } = recordingRefresher(() => new Error('invalid_grant: refresh token revoked'));
    const m = manager(refresher);
    const required: unknown[] = [];
    m.on('login-required', (e) => required.push(e));
    const err = await m.getAccessToken(A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginRequiredError);
    expect(err).toMatchObject({ code: 'ERR_SSOKIT_LOGIN_REQUIRED', reason: 'refresh-failed' });
    expect((err as Error).message).toContain('`ssokit login --sso-session a`');
    expect((err as Error).message).toContain('refresh token revoked');
    expect(required).toEqual([{ session: A, reason: 'refresh-failed', willLogin: false }]);
    // throttled now: no new attempt, same kind of error
    const again = await m.getAccessToken(A).catch((e: unknown) => e);
    expect(again).toMatchObject({ reason: 'refresh-failed' });
    expect((again as Error).message).toMatch(/failed \d+ s ago/);
  });

  it('says why: no token, expired (legacy, profile)', async () => {
    const { calls, refresher } = recordingRefresher();
    const m = manager(refresher);
    await expect(m.getAccessToken(A)).rejects.toMatchObject({
      reason: 'no-token',
      message: expect.stringContaining('no cached SSO token'),
    });
    const legacy = { startUrl: 'https://l.awsapps.com/start', region: 'us-east-1' };
    await store.write(legacy, tokenFor(legacy, -1, { refreshToken: undefined, clientId: undefined }));
    await expect(m.getAccessToken(legacy)).rejects.toMatchObject({
      reason: 'expired',
      command: 'ssokit login --profile NAME',
    });
    await expect(m.getAccessToken(legacy, { profile: 'dev' })).rejects.toMatchObject({
      command: 'ssokit login --profile dev',
    });
    expect(calls).toHaveLength(0);
  });

  it('never refreshes a token that cannot be refreshed, and uses it until it expires', async () => {
    const { calls, refresher } = recordingRefresher();
    const m = manager(refresher);
    await store.write(A, tokenFor(A, 2 * MIN, { refreshToken: undefined }));
    expect((await m.getAccessToken(A)).accessToken).toBe(`access-a-${2 * MIN}`);
    await store.write(A, tokenFor(A, 2 * MIN, { clientSecret: undefined }));
    await m.getAccessToken(A);
    await store.write(A, tokenFor(A, 2 * MIN, { registrationExpiresAt: new Date(clock.now() - 1) }));
    await m.getAccessToken(A);
    expect(calls).toHaveLength(0);
    clock.advance(2 * MIN);
    await expect(m.getAccessToken(A)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('keeps the old refresh token and registration when the response has none', async () => {
    await store.write(A, tokenFor(A, 1 * MIN, { refreshToken: 'keep-me' }));
    const refresher: TokenRefresher = async (s) => ({
      startUrl: s.startUrl,
      region: s.region,
      accessToken: 'new',
      expiresAt: new Date(clock.now() + 60 * MIN),
    });
    const t = await manager(refresher).getAccessToken(A);
    expect(t).toMatchObject({ accessToken: 'new', refreshToken: 'keep-me', clientId: 'cid' });
    expect(await store.read(A)).toMatchObject({
      refreshToken: 'keep-me',
      clientSecret: 'client-secret-0123456789',
    });
  });

  it('treats an already-expired refresh result as a failure', async () => {
    await store.write(A, tokenFor(A, -1));
    const refresher: TokenRefresher = async (_s, t) => ({ ...t, expiresAt: new Date(clock.now() - 1) });
    await expect(manager(refresher).getAccessToken(A)).rejects.toMatchObject({ reason: 'refresh-failed' });
  });

  it('re-reads after taking the lock: a token refreshed meanwhile is used as is', async () => {
    await store.write(A, tokenFor(A, 1 * MIN));
    const { calls, refresher } = recordingRefresher();
    // Another process refreshes while we wait for the lock.
    const racing: TokenStore = Object.assign(Object.create(store) as TokenStore, {
      lock: async <T>(s: SsoSessionRef, fn: () => Promise<T>) => {
        await store.write(s, tokenFor(s, 60 * MIN, { accessToken: 'by-other-process' }));
        return store.lock(s, fn);
      },
      read: (s: SsoSessionRef) => store.read(s),
    });
    expect((await manager(refresher, racing).getAccessToken(A)).accessToken).toBe('by-other-process');
    expect(calls).toHaveLength(0);
  });

  it('does not throttle or swallow an abort', async () => {
    await store.write(A, tokenFor(A, -1));
    const ac = new AbortController();
    ac.abort();
    const { calls, refresher } = recordingRefresher();
    await expect(manager(refresher).getAccessToken(A, { signal: ac.signal })).rejects.toMatchObject({
      code: 'ERR_SSOKIT_ABORTED',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('concurrency', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ home, cleanup } = await tempHome()));
  afterEach(() => cleanup());

  it('100 concurrent callers share one refresh (file store)', async () => {
    const files = new FileTokenStore({ homeDir: home, logger });
    await files.write(A, tokenFor(A, 2 * MIN));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { calls, refresher: inner } = recordingRefresher();
    const refresher: TokenRefresher = async (s, t) => {
      await gate;
      return inner(s, t);
    };
    const m = manager(refresher, files);
    const all = Promise.all(Array.from({ length: 100 }, () => m.getAccessToken(A)));
    await new Promise((r) => setTimeout(r, 50));
    release();
    const tokens = await all;
    expect(calls).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['refreshed-1']));
    expect((await files.read(A))?.refreshToken).toBe('refresh-1');
  });

  it('throttles per session: A failing does not stop B from refreshing', async () => {
    await store.write(A, tokenFor(A, -1));
    await store.write(B, tokenFor(B, -1));
    const { calls, refresher } = recordingRefresher((s) => (s === A ? new Error('A is broken') : undefined));
    const m = manager(refresher);
    await expect(m.getAccessToken(A)).rejects.toBeInstanceOf(LoginRequiredError);
    expect((await m.getAccessToken(B)).accessToken).toBe('refreshed-2');
    await expect(m.getAccessToken(A)).rejects.toBeInstanceOf(LoginRequiredError);
    expect(calls.map((c) => c.session.ssoSession)).toEqual(['a', 'b']);
    // and two managers never share throttle state
    const other = manager(refresher);
    await expect(other.getAccessToken(A)).rejects.toBeInstanceOf(LoginRequiredError);
    expect(calls).toHaveLength(3);
  });

  it('runs one login for many concurrent callers, under the lock, and emits events', async () => {
    const { refresher } = recordingRefresher();
    const m = manager(refresher);
    let logins = 0;
    const login: LoginHandler = async (s) => {
      logins++;
      await new Promise((r) => setTimeout(r, 10));
      return tokenFor(s, 8 * 60 * MIN, { accessToken: 'logged-in' });
    };
    const events: string[] = [];
    m.on('login-required', (e) => events.push(`required:${e.reason}:${e.willLogin}`));
    m.on('logged-in', () => events.push('logged-in'));
    const tokens = await Promise.all(Array.from({ length: 20 }, () => m.getAccessToken(A, { login })));
    expect(logins).toBe(1);
    expect(tokens.every((t) => t.accessToken === 'logged-in')).toBe(true);
    expect(events).toEqual(['required:no-token:true', 'logged-in']);
    expect((await store.read(A))?.accessToken).toBe('logged-in');
  });

  it('a caller with a login handler is not failed by a concurrent caller without one', async () => {
    const { refresher } = recordingRefresher();
    const m = manager(refresher);
    const login: LoginHandler = async (s) => tokenFor(s, 60 * MIN, { accessToken: 'logged-in' });
    const [without, withLogin] = await Promise.allSettled([
      m.getAccessToken(A),
      m.getAccessToken(A, { login }),
    ]);
    expect(without.status).toBe('rejected');
    expect(withLogin).toMatchObject({ status: 'fulfilled', value: { accessToken: 'logged-in' } });
  });
});

describe('secrets', () => {
  it('a canary in every secret field never reaches warnings, errors or debug logs', async () => {
    const canary = (n: string) => `SECRET-CANARY-${n}-0123456789abcdef`;
    const secretToken = tokenFor(A, -1, {
      accessToken: canary('access'),
      refreshToken: canary('refresh'),
      clientSecret: canary('client'),
    });
    await store.write(A, secretToken);
    const refresher: TokenRefresher = async (_s, t) => {
      throw new Error(`server said: bad refresh token ${t.refreshToken} for client secret ${t.clientSecret}`);
    };
    const m = manager(refresher);
    const emitted: unknown[] = [];
    m.on('refresh-failed', (e) => emitted.push({ ...e, error: inspect(e.error) }));
    m.on('login-required', (e) => emitted.push(e));
    const err = await m.getAccessToken(A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginRequiredError);
    const seen = [
      String(err),
      (err as Error).message,
      inspect(err, { depth: 0 }),
      logger.text(),
      JSON.stringify(emitted),
    ].join('\n');
    expect(seen).toContain('SECRET-CANARY-refresh'.slice(0, 4)); // a prefix may show, the secret may not
    expect(seen).not.toContain(canary('refresh'));
    expect(seen).not.toContain(canary('client'));
    expect(seen).not.toContain(canary('access'));

    // and the happy path logs nothing secret either
    await store.write(
      A,
      tokenFor(A, 1 * MIN, { accessToken: canary('access'), refreshToken: canary('refresh') }),
    );
    const ok = manager(async (_s, t) => ({
      ...t,
      accessToken: canary('new'),
      expiresAt: new Date(clock.now() + 3600e3),
    }));
    await ok.getAccessToken(A);
    expect(logger.text()).not.toContain('SECRET-CANARY');
  });
});

describe('sharing and locking edge cases', () => {
  let home: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ home, cleanup } = await tempHome()));
  afterEach(() => cleanup());

  it('a caller sharing a refresh is not failed because the starter aborted', async () => {
    await store.write(A, tokenFor(A, -1));
    const ac = new AbortController();
    let calls = 0;
    const refresher: TokenRefresher = async (_s, t, signal) => {
      calls++;
      if (calls === 1) {
        await new Promise((_r, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
      }
      return { ...t, accessToken: 'second-try', expiresAt: new Date(clock.now() + 60 * MIN) };
    };
    const m = manager(refresher);
    const starter = m.getAccessToken(A, { signal: ac.signal });
    const sharer = m.getAccessToken(A);
    await new Promise((r) => setTimeout(r, 10));
    ac.abort(new Error('user pressed ctrl-c'));
    await expect(starter).rejects.toThrow('ctrl-c');
    expect((await sharer).accessToken).toBe('second-try');
    expect(calls).toBe(2);
  });

  it('a refresh ahead does not wait while another process holds the lock', async () => {
    const files = new FileTokenStore({ homeDir: home, logger });
    const other = new FileTokenStore({ homeDir: home });
    await files.write(A, tokenFor(A, 10 * MIN));
    const { calls, refresher } = recordingRefresher();
    const m = manager(refresher, files);
    await other.lock(A, async () => {
      expect((await m.getAccessToken(A)).accessToken).toBe(`access-a-${10 * MIN}`);
    });
    expect(calls).toHaveLength(0);
  });

  it('takes over a stale lock left by a crashed process, but not a live one', async () => {
    const files = new FileTokenStore({ homeDir: home, logger, staleLockMs: 5_000 });
    await files.write(A, tokenFor(A, -1));
    const lockDir = `${files.tokenPath(A)}.lock`;
    await mkdir(lockDir);
    // a fresh lock: bounded wait, clear error
    const err = await files.lock(A, async () => 'x', { waitMs: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_SSOKIT_LOCK_TIMEOUT', isRetryable: true });
    // the holder died 30 s ago and stopped touching its lock
    const past = new Date(Date.now() - 30_000);
    await utimes(lockDir, past, past);
    const { calls, refresher } = recordingRefresher();
    expect((await manager(refresher, files).getAccessToken(A)).accessToken).toBe('refreshed-1');
    expect(calls).toHaveLength(1);
  });
});

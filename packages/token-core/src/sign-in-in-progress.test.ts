import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AutoClock, RecordingLogger, tempHome } from '../test/helpers.js';
import { LoginRequiredError, SignInInProgressError } from './errors.js';
import { SessionManager } from './session-manager.js';
import type { TokenRefresher } from './session-types.js';
import type { SsoSessionRef, SsoToken } from './token.js';
import { FileTokenStore } from './token-store.js';

const MIN = 60_000;
const A: SsoSessionRef = { ssoSession: 'a', startUrl: 'https://a.awsapps.com/start', region: 'eu-west-1' };

let home: string;
let cleanup: () => Promise<void>;
let clock: AutoClock;
let logger: RecordingLogger;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  clock = new AutoClock(Date.parse('2030-06-01T12:00:00Z'));
  logger = new RecordingLogger();
});
afterEach(() => cleanup());

const tokenFor = (remainingMs: number, extra: Partial<SsoToken> = {}): SsoToken => ({
  startUrl: A.startUrl,
  region: A.region,
  accessToken: `access-${remainingMs}`,
  expiresAt: new Date(clock.now() + remainingMs),
  clientId: 'cid',
  clientSecret: 'csecret',
  registrationExpiresAt: new Date(clock.now() + 90 * 24 * 60 * MIN),
  refreshToken: 'refresh-0',
  ...extra,
});
const refresher: TokenRefresher = async (_s, t) => ({
  ...t,
  accessToken: 'refreshed',
  expiresAt: new Date(clock.now() + 60 * MIN),
});
// The "other process": a second store on the same directory, which holds the lock meanwhile.
const stores = () => ({
  mine: new FileTokenStore({ homeDir: home, logger, clock }),
  other: new FileTokenStore({ homeDir: home, clock }),
});

describe('a sign-in in progress in another process', () => {
  it('a caller without a login handler waits signInWaitMs, then says who is signing in', async () => {
    const { mine, other } = stores();
    const m = new SessionManager({ store: mine, refresher, clock, logger });
    const started = clock.now();
    const err = await other.lock(A, async () => m.getAccessToken(A).catch((e: unknown) => e), {
      activity: 'sign-in',
    });
    expect(err).toBeInstanceOf(SignInInProgressError);
    expect(err).toMatchObject({
      code: 'ERR_SSOKIT_SIGN_IN_IN_PROGRESS',
      holder: { activity: 'sign-in', pid: process.pid },
      lockPath: `${mine.tokenPath(A)}.lock`,
    });
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toContain('sso-session "a"');
    expect((err as Error).message).toContain('ssokit login --sso-session a');
    // the documented default: 5 s, not the 180 s lock wait
    expect(clock.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(clock.now() - started).toBeLessThan(6_000);
    // the --debug line says what it waits for, once
    const waiting = logger.entries.filter((e) => e.message.startsWith('waiting for the SSO session lock'));
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.message).toContain(`pid ${process.pid}`);
    expect(waiting[0]!.message).toContain('signing in');
  });

  it('a holder that switches from refreshing to signing in is no longer waited for', async () => {
    const { mine, other } = stores();
    await mine.write(A, tokenFor(-1));
    const m = new SessionManager({ store: mine, refresher, clock, logger, signInWaitMs: 1_000 });
    const started = clock.now();
    const err = await other.lock(A, async (held) => {
      // its refresh failed: it signs in now, which waits for a person
      await held.announce('sign-in');
      return m.getAccessToken(A).catch((e: unknown) => e);
    });
    expect(err).toBeInstanceOf(SignInInProgressError);
    expect(clock.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(clock.now() - started).toBeLessThan(2_000);
  });

  it('a refresh in another process is waited for, longer than signInWaitMs', async () => {
    const { mine, other } = stores();
    await mine.write(A, tokenFor(-1));
    const m = new SessionManager({ store: mine, refresher, clock, logger });
    const started = clock.now();
    let served: SsoToken | undefined;
    let waiting: Promise<void> | undefined;
    await other.lock(A, async () => {
      waiting = m.getAccessToken(A).then((t) => {
        served = t;
      });
      // once the caller waits for the lock (its sleeps move the fake clock), the other process's
      // refresh puts its result on disk, and lets go after 20 s
      while (clock.now() === started) await new Promise((r) => setImmediate(r));
      await other.write(A, { ...tokenFor(60 * MIN), accessToken: 'from-other' });
      while (clock.now() - started < 20_000) await new Promise((r) => setImmediate(r));
      expect(served).toBeUndefined();
    });
    await waiting;
    expect(served?.accessToken).toBe('from-other');
  });

  it('a caller with a login handler waits for the other sign-in and uses its token', async () => {
    const { mine, other } = stores();
    const m = new SessionManager({ store: mine, refresher, clock, logger });
    let logins = 0;
    const login = async () => {
      logins++;
      return tokenFor(60 * MIN);
    };
    const started = clock.now();
    let waiting: Promise<SsoToken> | undefined;
    await other.lock(
      A,
      async () => {
        waiting = m.getAccessToken(A, { login });
        await other.write(A, { ...tokenFor(60 * MIN), accessToken: 'signed-in-elsewhere' });
        // the person approves after 30 s
        while (clock.now() - started < 30_000) await new Promise((r) => setImmediate(r));
      },
      { activity: 'sign-in' },
    );
    await expect(waiting).resolves.toMatchObject({ accessToken: 'signed-in-elsewhere' });
    expect(logins).toBe(0);
  });

  it('the holder note is private, sits next to the lock and is gone after release', async () => {
    const { mine } = stores();
    const note = `${mine.tokenPath(A)}.lock.holder`;
    await mine.lock(
      A,
      async () => {
        expect(JSON.parse(await readFile(note, 'utf8'))).toMatchObject({
          activity: 'sign-in',
          pid: process.pid,
        });
        expect(await mine.lockHolder(A)).toMatchObject({ activity: 'sign-in', pid: process.pid });
      },
      { activity: 'sign-in' },
    );
    expect(existsSync(note)).toBe(false);
    expect(await mine.lockHolder(A)).toBeUndefined();
  });
});

describe('reading without a token writes nothing', () => {
  it('no token and no login handler: login required at once, no directory created', async () => {
    const { mine } = stores();
    const m = new SessionManager({ store: mine, refresher, clock, logger });
    const err = await m.getAccessToken(A).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginRequiredError);
    expect(err).toMatchObject({ reason: 'no-token' });
    expect(existsSync(join(home, '.aws'))).toBe(false);
  });

  it('an expired token that cannot be refreshed: login required, nothing written', async () => {
    const { mine } = stores();
    await mine.write(A, tokenFor(-1, { refreshToken: undefined }));
    const before = await readFile(mine.tokenPath(A), 'utf8');
    const m = new SessionManager({ store: mine, refresher, clock, logger });
    await expect(m.getAccessToken(A)).rejects.toMatchObject({ reason: 'expired' });
    expect(existsSync(`${mine.tokenPath(A)}.lock`)).toBe(false);
    expect(await readFile(mine.tokenPath(A), 'utf8')).toBe(before);
  });
});

import { EventEmitter } from 'node:events';
import { ErrorCode, SsokitError, scrubText, withRedactedInspect } from '@ssokit/protocol/core';
import { tokenCacheKey } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import {
  LockTimeoutError,
  LoginRequiredError,
  type LoginRequiredReason,
  SignInInProgressError,
  TokenErrorCode,
} from './errors.js';
import { canRefresh, type SsoSessionRef, type SsoToken, tokenSecrets } from './token.js';
import type { HeldLock, TokenStore } from './token-store.js';

/**
 * Exchanges a token's refresh token for a new token (CreateToken, grant `refresh_token`). A
 * result without `refreshToken` keeps the old one; client id, secret and registration expiry are
 * carried over when the result omits them.
 *
 * @example
 * ```ts
 * // what createOidcRefresher builds: CreateToken with the refresh_token grant, keeping the old
 * // refresh token when the answer has none (RFC 6749 §6)
 * const refresher: TokenRefresher = createOidcRefresher((region) => new SsoOidcClient({ region }));
 * await new SessionManager({ store: new FileTokenStore(), refresher }).getAccessToken(session);
 * ```
 */
export type TokenRefresher = (
  session: SsoSessionRef,
  token: SsoToken,
  signal?: AbortSignal,
) => Promise<SsoToken>;

/**
 * Signs a session in (device or PKCE flow) and returns the new token. Runs under the session's
 * lock, so across all processes at most one login (one browser window) happens at a time.
 *
 * @example
 * ```ts
 * const login: LoginHandler = createLoginHandler({
 *   clientFor: (region) => new SsoOidcClient({ region }),
 *   registrations: new RegistrationCache(),
 *   onDevicePrompt: (p) => console.error(p.verificationUriComplete),
 * });
 * await manager.getAccessToken(session, { login });
 * ```
 */
export type LoginHandler = (session: SsoSessionRef, signal?: AbortSignal) => Promise<SsoToken>;

/**
 * Payload of the `refreshed` and `logged-in` events. No secrets.
 *
 * @example
 * ```ts
 * manager.on('refreshed', ({ session, expiresAt }) => console.error(session.ssoSession, expiresAt));
 * ```
 */
export interface SessionTokenEvent {
  session: SsoSessionRef;
  expiresAt: Date;
}
/**
 * Payload of the `refresh-failed` event.
 *
 * @example
 * ```ts
 * manager.on('refresh-failed', (e) => console.error(`refresh failed, next attempt at ${e.nextAttemptAt.toISOString()}`));
 * ```
 */
export interface RefreshFailedEvent {
  session: SsoSessionRef;
  /** What went wrong (an error from the refresher; its message carries no token). */
  error: unknown;
  /** Whether the cached token is still valid and will keep being used until it expires. */
  tokenStillValid: boolean;
  /** No new attempt for this session before this instant. */
  nextAttemptAt: Date;
}
/**
 * Payload of the `login-required` event.
 *
 * @example
 * ```ts
 * manager.on('login-required', (e) => { if (e.willLogin) console.error('opening the browser…'); });
 * ```
 */
export interface LoginRequiredEvent {
  session: SsoSessionRef;
  reason: LoginRequiredReason;
  /** Whether the caller supplied a login handler that will now run. */
  willLogin: boolean;
}

/**
 * The events a {@link SessionManager} emits.
 *
 * @example
 * ```ts
 * manager.on('logged-in', ({ expiresAt }) => console.error('signed in until', expiresAt));
 * ```
 */
export interface SessionManagerEvents {
  refreshed: [SessionTokenEvent];
  'refresh-failed': [RefreshFailedEvent];
  'login-required': [LoginRequiredEvent];
  'logged-in': [SessionTokenEvent];
}

/**
 * Options of {@link SessionManager}.
 *
 * @example
 * ```ts
 * new SessionManager({ store: new MemoryTokenStore(), refresher, refreshAheadMs: 10 * 60_000 });
 * ```
 */
export interface SessionManagerOptions {
  store: TokenStore;
  refresher: TokenRefresher;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** Refresh ahead (a failure is tolerated) when less than this remains (ms, default 15 min). */
  refreshAheadMs?: number | undefined;
  /** Callers wait for a refresh when less than this remains (ms, default 5 min). */
  mustRefreshMs?: number | undefined;
  /** After a failed refresh, no new attempt for the same session for this long (ms, default 30 s). */
  failedRefreshThrottleMs?: number | undefined;
  /** How long to wait for another process that holds the session's lock (ms, default: the store's). */
  lockWaitMs?: number | undefined;
  /**
   * How long a caller without a `login` handler waits for another process that is signing the
   * session in before it fails with {@link SignInInProgressError} (ms, default 5 000): that sign-in
   * waits for a person, and a `credential_process` must answer quickly. A refresh in another
   * process is waited for (up to `lockWaitMs`).
   */
  signInWaitMs?: number | undefined;
}

/**
 * Options of {@link SessionManager.getAccessToken}.
 *
 * @example
 * ```ts
 * await manager.getAccessToken(session, { login, signal: AbortSignal.timeout(300_000), profile: 'dev' });
 * ```
 */
export interface GetAccessTokenOptions {
  /** Run this to sign in when no usable token exists; without it a {@link LoginRequiredError} is thrown. */
  login?: LoginHandler | undefined;
  signal?: AbortSignal | undefined;
  /** The profile the session came from, so the error names `ssokit login --profile NAME`. */
  profile?: string | undefined;
}

type Window = 'absent' | 'fresh' | 'advisory' | 'mandatory' | 'expired';

class RefreshThrottledError extends SsokitError {
  constructor(sinceMs: number) {
    super(TokenErrorCode.REFRESH_THROTTLED, `the last attempt failed ${Math.round(sinceMs / 1000)} s ago`, {
      isRetryable: true,
    });
  }
}

/**
 * Returns a valid access token for a session, refreshing and signing in as needed:
 * from the cache while more than 15 min remain; refresh ahead under 15 min (failures tolerated
 * while the token is valid); callers wait for a refresh under 5 min; one in-flight refresh per
 * session in this process and one refresh or login per session across processes (the store's
 * lock, re-reading the cache after taking it); failed refreshes throttled per session.
 *
 * @example
 * ```ts
 * const manager = new SessionManager({ store: new FileTokenStore(), refresher });
 * manager.on('refresh-failed', (e) => console.warn('refresh failed', e.error));
 * const token = await manager.getAccessToken({ ssoSession: 'work', startUrl, region: 'eu-west-1' });
 * ```
 */
export class SessionManager extends EventEmitter<SessionManagerEvents> {
  readonly #store: TokenStore;
  readonly #refresher: TokenRefresher;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #refreshAheadMs: number;
  readonly #mustRefreshMs: number;
  readonly #throttleMs: number;
  readonly #lockWaitMs: number | undefined;
  readonly #signInWaitMs: number;
  readonly #inflight = new Map<string, { promise: Promise<SsoToken>; signal: AbortSignal | undefined }>();
  readonly #lastFailure = new Map<string, number>();

  constructor(options: SessionManagerOptions) {
    super();
    this.#store = options.store;
    this.#refresher = options.refresher;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#refreshAheadMs = options.refreshAheadMs ?? 15 * 60_000;
    this.#mustRefreshMs = options.mustRefreshMs ?? 5 * 60_000;
    this.#throttleMs = options.failedRefreshThrottleMs ?? 30_000;
    this.#lockWaitMs = options.lockWaitMs;
    this.#signInWaitMs = options.signInWaitMs ?? 5_000;
  }

  /**
   * A valid token for `session`. Throws {@link LoginRequiredError} when there is none and no
   * `login` handler was given, {@link LockTimeoutError} when another process holds the session for
   * too long, and (without `login`) {@link SignInInProgressError} when another process is signing
   * the session in. Without `login`, a session that needs a sign-in is reported without writing
   * anything (a read-only home works).
   */
  async getAccessToken(session: SsoSessionRef, options: GetAccessTokenOptions = {}): Promise<SsoToken> {
    // console.log(token) shows the tokens redacted; JSON and property access keep them
    return withRedactedInspect(await this.#getAccessToken(session, options));
  }

  async #getAccessToken(session: SsoSessionRef, options: GetAccessTokenOptions): Promise<SsoToken> {
    throwIfAborted(options.signal);
    const key = tokenCacheKey(session);
    const token = await this.#store.read(session);
    const window = this.#window(token);
    if (window === 'fresh') return token!;
    if ((window === 'advisory' || window === 'mandatory') && token) {
      const now = this.#clock.now();
      // Nothing to wait for: it cannot be refreshed, or the last attempt failed moments ago.
      if (!canRefresh(token, now) || this.#throttledFor(key, now) !== undefined) return token;
    }
    if (!options.login && this.#store.lockHolder && !this.#inflight.has(key)) {
      const needsSignIn = !token || (window === 'expired' && !canRefresh(token, this.#clock.now()));
      // Only another process that is signing in right now could produce a token: when none holds
      // the lock, say so at once instead of taking the lock (which writes to the cache directory).
      if (needsSignIn && !(await this.#store.lockHolder(session)))
        this.#loginRequired(session, token ? 'expired' : 'no-token', undefined, token, options);
    }
    if (window === 'advisory' && token) {
      // Someone in this process is already refreshing: the cached token is good enough.
      if (this.#inflight.has(key)) return token;
      return this.#shared(session, key, options, () => this.#underLock(session, key, options, token));
    }
    try {
      return await this.#shared(session, key, options, () =>
        this.#underLock(session, key, options, undefined),
      );
    } catch (e) {
      // The shared attempt belonged to a caller without a login handler; this caller has one.
      if (e instanceof LoginRequiredError && options.login)
        return this.#underLock(session, key, options, undefined);
      throw e;
    }
  }

  #shared(
    session: SsoSessionRef,
    key: string,
    options: GetAccessTokenOptions,
    start: () => Promise<SsoToken>,
  ): Promise<SsoToken> {
    const running = this.#inflight.get(key);
    if (running) {
      return running.promise.catch((e: unknown) => {
        // The caller who started it gave up; that is no reason for this caller to fail.
        if (running.signal?.aborted && !options.signal?.aborted) return this.getAccessToken(session, options);
        throw e;
      });
    }
    const promise = start().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, { promise, signal: options.signal });
    return promise;
  }

  #window(token: SsoToken | undefined): Window {
    if (!token) return 'absent';
    const remaining = token.expiresAt.getTime() - this.#clock.now();
    if (remaining <= 0) return 'expired';
    if (remaining <= this.#mustRefreshMs) return 'mandatory';
    if (remaining <= this.#refreshAheadMs) return 'advisory';
    return 'fresh';
  }

  #throttledFor(key: string, now: number): number | undefined {
    const last = this.#lastFailure.get(key);
    if (last === undefined || now - last >= this.#throttleMs) return undefined;
    return now - last;
  }

  // `advisoryToken` set: a refresh ahead that must not block; if another process holds the lock,
  // the cached token is good enough.
  async #underLock(
    session: SsoSessionRef,
    key: string,
    options: GetAccessTokenOptions,
    advisoryToken: SsoToken | undefined,
  ): Promise<SsoToken> {
    const work = (held?: HeldLock) => this.#resolve(session, key, options, held);
    if (advisoryToken) {
      try {
        return await this.#store.lock(session, work, { waitMs: 0, signal: options.signal });
      } catch (e) {
        if (e instanceof LockTimeoutError) return advisoryToken;
        throw e;
      }
    }
    try {
      return await this.#store.lock(session, work, {
        waitMs: this.#lockWaitMs,
        signal: options.signal,
        ...(options.login ? {} : { signInWaitMs: this.#signInWaitMs }),
      });
    } catch (e) {
      if (!(e instanceof SignInInProgressError)) throw e;
      // a token that is still valid beats waiting for someone else's sign-in
      const current = await this.#store.read(session);
      if (current && current.expiresAt.getTime() > this.#clock.now()) return current;
      throw e;
    }
  }

  #loginRequired(
    session: SsoSessionRef,
    reason: LoginRequiredReason,
    failure: unknown,
    current: SsoToken | undefined,
    options: GetAccessTokenOptions,
  ): never {
    this.emit('login-required', { session, reason, willLogin: false });
    const detail = failure === undefined ? undefined : describe(failure, tokenSecrets(current));
    throw new LoginRequiredError(session, reason, detail, {
      ...(failure === undefined ? {} : { cause: sanitize(failure, tokenSecrets(current)) }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    });
  }

  async #resolve(
    session: SsoSessionRef,
    key: string,
    options: GetAccessTokenOptions,
    held: HeldLock | undefined,
  ): Promise<SsoToken> {
    // Another process may have refreshed or signed in while we waited for the lock.
    const current = await this.#store.read(session);
    const window = this.#window(current);
    if (window === 'fresh') {
      this.#logger.debug('SSO token is fresh after taking the lock', { key });
      return current!;
    }
    let failure: unknown;
    if (current && window !== 'absent') {
      const now = this.#clock.now();
      if (canRefresh(current, now)) {
        const since = this.#throttledFor(key, now);
        if (since !== undefined) {
          failure = new RefreshThrottledError(since);
        } else {
          try {
            return await this.#refresh(session, key, current, options.signal);
          } catch (e) {
            if (options.signal?.aborted) throw e;
            failure = e;
          }
        }
        if (window !== 'expired') return current;
      } else if (window !== 'expired') {
        this.#logger.debug('SSO token cannot be refreshed; using it until it expires', {
          key,
          expiresAt: current.expiresAt.toISOString(),
        });
        return current;
      }
    }
    const reason: LoginRequiredReason = !current
      ? 'no-token'
      : failure !== undefined
        ? 'refresh-failed'
        : 'expired';
    if (!options.login) this.#loginRequired(session, reason, failure, current, options);
    this.emit('login-required', { session, reason, willLogin: true });
    this.#logger.debug('signing in', { key, reason });
    // processes waiting for the lock without a login handler stop waiting for a person
    await held?.announce('sign-in');
    const fresh = await options.login(session, options.signal);
    const token = { ...fresh, startUrl: session.startUrl, region: session.region };
    await this.#persist(session, key, token);
    this.#lastFailure.delete(key);
    this.emit('logged-in', { session, expiresAt: token.expiresAt });
    return token;
  }

  async #refresh(
    session: SsoSessionRef,
    key: string,
    current: SsoToken,
    signal?: AbortSignal,
  ): Promise<SsoToken> {
    this.#logger.debug('refreshing SSO token', { key, expiresAt: current.expiresAt.toISOString() });
    try {
      const fresh = await this.#refresher(session, current, signal);
      if (
        !(fresh.expiresAt instanceof Date) ||
        !(fresh.expiresAt.getTime() > this.#clock.now()) ||
        !fresh.accessToken
      )
        throw new SsokitError(ErrorCode.INVALID_RESPONSE, 'the refreshed token is already expired or empty');
      const token: SsoToken = {
        ...fresh,
        startUrl: session.startUrl,
        region: session.region,
        // RFC 6749 §6: without a new refresh token the old one stays valid.
        refreshToken: fresh.refreshToken ?? current.refreshToken,
        clientId: fresh.clientId ?? current.clientId,
        clientSecret: fresh.clientSecret ?? current.clientSecret,
        registrationExpiresAt: fresh.registrationExpiresAt ?? current.registrationExpiresAt,
      };
      await this.#persist(session, key, token);
      this.#lastFailure.delete(key);
      this.emit('refreshed', { session, expiresAt: token.expiresAt });
      return token;
    } catch (error) {
      if (signal?.aborted) throw error;
      const now = this.#clock.now();
      this.#lastFailure.set(key, now);
      const tokenStillValid = current.expiresAt.getTime() > now;
      this.#logger.warn(
        tokenStillValid
          ? 'refreshing the SSO token failed; using the cached token until it expires'
          : 'refreshing the SSO token failed',
        { key, code: (error as { code?: unknown }).code, message: describe(error, tokenSecrets(current)) },
      );
      this.emit('refresh-failed', {
        session,
        error: sanitize(error, tokenSecrets(current)),
        tokenStillValid,
        nextAttemptAt: new Date(now + this.#throttleMs),
      });
      throw error;
    }
  }

  async #persist(session: SsoSessionRef, key: string, token: SsoToken): Promise<void> {
    try {
      await this.#store.write(session, token);
    } catch (e) {
      // The new token (and possibly a rotated refresh token) is valid: hand it out rather than lose it.
      this.#logger.warn('could not save the new SSO token; it is used for now but not cached', {
        key,
        code: (e as { code?: unknown }).code,
      });
    }
  }
}

// A refresher should never put a secret into an error, but if one does, it must not travel on as
// `cause` (inspect() prints causes): replace it with a scrubbed copy.
function sanitize(error: unknown, secrets: string[]): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  if (scrubText(message + stack, secrets) === message + stack) return error;
  const code = (error as { code?: unknown }).code;
  const copy = new SsokitError(
    typeof code === 'string' ? code : ErrorCode.SERVICE,
    scrubText(message, secrets),
  );
  copy.stack = scrubText(stack, secrets);
  return copy;
}

function describe(error: unknown, secrets: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return scrubText(message, secrets);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new SsokitError(ErrorCode.ABORTED, 'The operation was aborted.', { cause: signal.reason });
}

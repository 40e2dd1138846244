import { EventEmitter } from 'node:events';
import { ErrorCode, SsokitError, withRedactedInspect } from '@ssokit/protocol/core';
import { throwIfAborted } from './abort.js';
import { tokenCacheKey } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import {
  LockTimeoutError,
  LoginRequiredError,
  type LoginRequiredReason,
  SignInInProgressError,
  TokenErrorCode,
} from './errors.js';
import { describe, sanitize } from './scrub-error.js';
import { decideSession, type RefreshWindows, type SessionDecision } from './session-policy.js';
import type {
  GetAccessTokenOptions,
  LoginHandler,
  LoginOutcome,
  SessionManagerEvents,
  SessionManagerOptions,
  SignInOptions,
  TokenRefresher,
} from './session-types.js';
import { FAILED_REFRESH_THROTTLE_MS, MUST_REFRESH_MS, REFRESH_AHEAD_MS, SIGN_IN_WAIT_MS } from './timings.js';
import { type SsoSessionRef, type SsoToken, tokenSecrets } from './token.js';
import type { HeldLock, TokenStore } from './token-store.js';

class RefreshThrottledError extends SsokitError {
  constructor(sinceMs: number) {
    super(TokenErrorCode.REFRESH_THROTTLED, `the last attempt failed ${Math.round(sinceMs / 1000)} s ago`, {
      isRetryable: true,
    });
  }
}

/**
 * The session lifecycle: returns a valid access token for a session, refreshing and signing in as
 * needed, and signs sessions in on request. The policy is {@link decideSession}: from the cache
 * while more than 15 min remain; refresh ahead under 15 min (failures tolerated while the token
 * is valid); callers wait for a refresh under 5 min; failed refreshes throttled per session. Around
 * it: one in-flight refresh per session in this process, and one refresh or sign-in per session
 * across processes (the store's lock, re-reading the cache after taking it, then saving and
 * emitting the event).
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
  readonly #windows: RefreshWindows;
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
    this.#windows = {
      refreshAheadMs: options.refreshAheadMs ?? REFRESH_AHEAD_MS,
      mustRefreshMs: options.mustRefreshMs ?? MUST_REFRESH_MS,
      failedRefreshThrottleMs: options.failedRefreshThrottleMs ?? FAILED_REFRESH_THROTTLE_MS,
    };
    this.#lockWaitMs = options.lockWaitMs;
    this.#signInWaitMs = options.signInWaitMs ?? SIGN_IN_WAIT_MS;
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

  /**
   * Signs a session in. Unless `force`, a valid session that is refreshable and has more than
   * `mustRefreshMs` left is kept (no browser). The sign-in runs under the session's lock; a process
   * that waited for the lock and finds a session another process just signed in uses it instead of
   * signing in again. The new token is saved (a failed save is logged, and the token used anyway)
   * and `logged-in` is emitted.
   */
  async signIn(session: SsoSessionRef, options: SignInOptions): Promise<LoginOutcome> {
    throwIfAborted(options.signal);
    const key = tokenCacheKey(session);
    const keep = (t: SsoToken | undefined): t is SsoToken => this.#decide(key, t, true).action === 'use';
    const before = await this.#store.read(session);
    if (!options.force && keep(before)) return { token: withRedactedInspect(before), reused: true };
    const outcome = await this.#store.lock(
      session,
      async () => {
        const current = await this.#store.read(session);
        // someone else signed in while we waited for the lock
        if (keep(current) && current.accessToken !== before?.accessToken)
          return { token: current, reused: true };
        return { token: await this.#signInHeld(session, key, options.login, options.signal), reused: false };
      },
      // waiters that will not sign in themselves (credential_process) stop waiting for a person
      { activity: 'sign-in', waitMs: this.#lockWaitMs, signal: options.signal },
    );
    return { ...outcome, token: withRedactedInspect(outcome.token) };
  }

  #decide(key: string, token: SsoToken | undefined, signIn = false): SessionDecision {
    return decideSession({
      token,
      now: this.#clock.now(),
      windows: this.#windows,
      lastFailureAt: this.#lastFailure.get(key),
      signIn,
    });
  }

  async #getAccessToken(session: SsoSessionRef, options: GetAccessTokenOptions): Promise<SsoToken> {
    throwIfAborted(options.signal);
    const key = tokenCacheKey(session);
    const token = await this.#store.read(session);
    const decision = this.#decide(key, token);
    if (decision.action === 'use') return token!;
    if (!options.login && this.#store.lockHolder && !this.#inflight.has(key)) {
      // Only another process that is signing in right now could produce a token: when none holds
      // the lock, say so at once instead of taking the lock (which writes to the cache directory).
      if (
        decision.action === 'sign-in' &&
        decision.reason !== 'refresh-failed' &&
        !(await this.#store.lockHolder(session))
      )
        this.#loginRequired(session, decision.reason, undefined, token, options);
    }
    if (decision.action === 'refresh-ahead' && token) {
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

  // Under the lock: another process may have refreshed or signed in while we waited for it.
  async #resolve(
    session: SsoSessionRef,
    key: string,
    options: GetAccessTokenOptions,
    held: HeldLock | undefined,
  ): Promise<SsoToken> {
    const current = await this.#store.read(session);
    const now = this.#clock.now();
    const decision = this.#decide(key, current);
    if (decision.action === 'use') {
      this.#logger.debug(
        decision.because === 'not-refreshable'
          ? 'SSO token cannot be refreshed; using it until it expires'
          : 'SSO token is usable after taking the lock',
        { key, because: decision.because },
      );
      return current!;
    }
    let failure: unknown;
    if (decision.action !== 'sign-in' && current) {
      try {
        return await this.#refresh(session, key, current, options.signal);
      } catch (e) {
        if (options.signal?.aborted) throw e;
        failure = e;
      }
      if (current.expiresAt.getTime() > now) return current;
    } else if (decision.action === 'sign-in' && decision.throttledForMs !== undefined) {
      failure = new RefreshThrottledError(decision.throttledForMs);
    }
    const reason: LoginRequiredReason = decision.action === 'sign-in' ? decision.reason : 'refresh-failed';
    if (!options.login) this.#loginRequired(session, reason, failure, current, options);
    this.emit('login-required', { session, reason, willLogin: true });
    this.#logger.debug('signing in', { key, reason });
    // processes waiting for the lock without a login handler stop waiting for a person
    await held?.announce('sign-in');
    return this.#signInHeld(session, key, options.login, options.signal);
  }

  // Sign in, save, emit: the one sign-in path, with the session's lock held.
  async #signInHeld(
    session: SsoSessionRef,
    key: string,
    login: LoginHandler,
    signal: AbortSignal | undefined,
  ): Promise<SsoToken> {
    const fresh = await login(session, signal);
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
      // A refresher returns what changed; the rest of the session (its refresh token unless a new
      // one came, its client registration) stays. Keeping the old refresh token is oidc-client's
      // refreshToken's rule (RFC 6749 §6); here it is only a merge.
      const changed = Object.fromEntries(Object.entries(fresh).filter(([, v]) => v !== undefined));
      const token: SsoToken = { ...current, ...changed, startUrl: session.startUrl, region: session.region };
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
        nextAttemptAt: new Date(now + this.#windows.failedRefreshThrottleMs),
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

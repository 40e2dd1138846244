import type { Clock, Logger } from './deps.js';
import type { LoginRequiredReason } from './errors.js';
import type { SsoSessionRef, SsoToken } from './token.js';
import type { TokenStore } from './token-store.js';

/**
 * Exchanges a token's refresh token for a new token (CreateToken, grant `refresh_token`). What the
 * result leaves out (refresh token, client id, secret, registration expiry) is carried over from
 * the token it refreshed.
 *
 * @example
 * ```ts
 * const refresher: TokenRefresher = async (session, token, signal) => {
 *   const r = await oidc.createToken({ grantType: 'refresh_token', clientId: token.clientId!, clientSecret: token.clientSecret!, refreshToken: token.refreshToken! }, { signal });
 *   return { ...token, accessToken: r.accessToken, expiresAt: new Date(Date.now() + r.expiresIn * 1000), refreshToken: r.refreshToken };
 * };
 * ```
 */
export type TokenRefresher = (
  session: SsoSessionRef,
  token: SsoToken,
  signal?: AbortSignal,
) => Promise<SsoToken>;

/**
 * Signs a session in (device or PKCE flow) and returns the new token. Runs under the session's
 * lock, so across all processes at most one login (one browser window) happens at a time. Build
 * the token from a flow's result with {@link toSessionToken}: it adds the client registration a
 * refresh needs (a bare `{ ...flowToken, startUrl, region }` never refreshes).
 *
 * @example
 * ```ts
 * const login: LoginHandler = async (session, signal) => runDeviceFlow(session, { signal });
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
  /** Refresh ahead (a failure is tolerated) when less than this remains (ms, default 15 min, `REFRESH_AHEAD_MS`). */
  refreshAheadMs?: number | undefined;
  /**
   * Callers wait for a refresh when less than this remains, and {@link SessionManager.signIn}
   * keeps no token with less than this left (ms, default 5 min, `MUST_REFRESH_MS`).
   */
  mustRefreshMs?: number | undefined;
  /** After a failed refresh, no new attempt for the same session for this long (ms, default 30 s, `FAILED_REFRESH_THROTTLE_MS`). */
  failedRefreshThrottleMs?: number | undefined;
  /** How long to wait for another process that holds the session's lock (ms, default: the store's). */
  lockWaitMs?: number | undefined;
  /**
   * How long a caller without a `login` handler waits for another process that is signing the
   * session in before it fails with {@link SignInInProgressError} (ms, default 5 s, `SIGN_IN_WAIT_MS`): that sign-in
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

/**
 * Options of {@link SessionManager.signIn}.
 *
 * @example
 * ```ts
 * await manager.signIn(session, { login, force: true, signal: AbortSignal.timeout(600_000) });
 * ```
 */
export interface SignInOptions {
  /** How to sign in. */
  login: LoginHandler;
  /** Sign in even when the cached session is valid and refreshable. */
  force?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The outcome of {@link SessionManager.signIn} and {@link SsoAuth.login}.
 *
 * @example
 * ```ts
 * const { token, reused } = await auth.login(session);
 * if (reused) console.error('already signed in until', token.expiresAt);
 * ```
 */
export interface LoginOutcome {
  token: SsoToken;
  /** True when a valid, refreshable session existed and no sign-in happened. */
  reused: boolean;
}

import type { LoginRequiredReason } from './errors.js';
import { canRefresh, type SsoToken } from './token.js';

/**
 * The refresh windows of {@link decideSession}, in ms.
 *
 * @example
 * ```ts
 * const windows: RefreshWindows = { refreshAheadMs: REFRESH_AHEAD_MS, mustRefreshMs: MUST_REFRESH_MS, failedRefreshThrottleMs: FAILED_REFRESH_THROTTLE_MS };
 * ```
 */
export interface RefreshWindows {
  /** Refresh ahead (a failure is tolerated) when less than this remains. */
  refreshAheadMs: number;
  /** Callers wait for a refresh when less than this remains. */
  mustRefreshMs: number;
  /** After a failed refresh, no new attempt for this long. */
  failedRefreshThrottleMs: number;
}

/**
 * What to do with a session's cached token, as {@link decideSession} decides it:
 * - `use`: hand out the cached token (`because` says why it is good enough);
 * - `refresh-ahead`: refresh, but a failure or a busy lock is no reason to wait: the token is valid;
 * - `refresh-and-wait`: refresh, and callers wait for it;
 * - `sign-in`: only a new sign-in gives a token (`throttledForMs` when a refresh failed moments ago).
 *
 * @example
 * ```ts
 * const d: SessionDecision = decideSession({ token, now: Date.now(), windows });
 * if (d.action === 'sign-in') console.error(`sign in again (${d.reason})`);
 * ```
 */
export type SessionDecision =
  | { action: 'use'; because: 'fresh' | 'not-refreshable' | 'throttled' }
  | { action: 'refresh-ahead' }
  | { action: 'refresh-and-wait' }
  | { action: 'sign-in'; reason: LoginRequiredReason; throttledForMs?: number };

/**
 * The input of {@link decideSession}.
 *
 * @example
 * ```ts
 * const input: SessionState = { token, now: Date.now(), windows, lastFailureAt: undefined };
 * ```
 */
export interface SessionState {
  /** The cached token, if any. */
  token: SsoToken | undefined;
  /** The time now, epoch ms. */
  now: number;
  windows: RefreshWindows;
  /** When the last refresh of this session failed, epoch ms. */
  lastFailureAt?: number | undefined;
  /**
   * A sign-in was asked for (`ssokit login`): the cached token is kept only when it needs no
   * sign-in before its refresh is due, that is, when it is refreshable and outside `mustRefreshMs`.
   */
  signIn?: boolean | undefined;
}

/**
 * The refresh policy of a session, with no I/O: from the cached token, the time, the windows and
 * the last failed refresh, whether to use the token, refresh it (ahead, or waited for) or sign in.
 * {@link SessionManager} calls it before taking the session's lock and again after (another
 * process may have refreshed meanwhile).
 *
 * @example
 * ```ts
 * decideSession({ token, now: Date.now(), windows: { refreshAheadMs: 900_000, mustRefreshMs: 300_000, failedRefreshThrottleMs: 30_000 } });
 * // { action: 'refresh-ahead' } when 10 minutes remain of a refreshable token
 * ```
 */
export function decideSession(state: SessionState): SessionDecision {
  const { token, now, windows } = state;
  if (!token) return { action: 'sign-in', reason: 'no-token' };
  const remaining = token.expiresAt.getTime() - now;
  const refreshable = canRefresh(token, now);
  if (state.signIn) {
    return refreshable && remaining > windows.mustRefreshMs
      ? { action: 'use', because: 'fresh' }
      : // a sign-in that was asked for is not reported as required: the reason is informative only
        { action: 'sign-in', reason: 'expired' };
  }
  if (remaining > windows.refreshAheadMs) return { action: 'use', because: 'fresh' };
  const expired = remaining <= 0;
  if (!refreshable)
    return expired ? { action: 'sign-in', reason: 'expired' } : { action: 'use', because: 'not-refreshable' };
  const since = state.lastFailureAt === undefined ? undefined : now - state.lastFailureAt;
  if (since !== undefined && since < windows.failedRefreshThrottleMs) {
    return expired
      ? { action: 'sign-in', reason: 'refresh-failed', throttledForMs: since }
      : { action: 'use', because: 'throttled' };
  }
  return remaining > windows.mustRefreshMs ? { action: 'refresh-ahead' } : { action: 'refresh-and-wait' };
}

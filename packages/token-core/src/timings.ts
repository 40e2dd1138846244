/**
 * The timings of the AWS-compatible caches, defined once. Each is the default of an option of the
 * class that uses it; see the design notes, Refresh timing (apps/docs/guides/design.md).
 *
 * @example
 * ```ts
 * import { REFRESH_AHEAD_MS } from '@ssokit/token-core/files';
 * if (token.expiresAt.getTime() - Date.now() < REFRESH_AHEAD_MS) console.error('refreshing soon');
 * ```
 */
export const REFRESH_AHEAD_MS = 15 * 60_000;

/** Callers wait for a refresh when less than this remains of an SSO access token (5 min). */
export const MUST_REFRESH_MS = 5 * 60_000;

/** After a failed refresh, no new attempt for the same session for this long (30 s). */
export const FAILED_REFRESH_THROTTLE_MS = 30_000;

/** A cached client registration expiring sooner than this is not reused (15 min). */
export const REGISTRATION_MIN_REMAINING_MS = 15 * 60_000;

/** Cached role credentials with less than this left are not used, as botocore (15 min). */
export const ROLE_CREDENTIALS_MIN_REMAINING_MS = 15 * 60_000;

/** How long to wait for another process that holds a session's lock (3 min). */
export const LOCK_WAIT_MS = 180_000;

/** How long a caller that will not sign in waits for another process's sign-in (5 s). */
export const SIGN_IN_WAIT_MS = 5_000;

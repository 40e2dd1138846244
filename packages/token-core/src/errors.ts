import {
  ERROR_BRAND,
  errorBrand,
  isErrorOf,
  SsokitError,
  type SsokitErrorOptions,
  TokenErrorCode,
} from '@ssokit/protocol/core';

// The codes live in protocol's registry (light to import on a hot path); this package owns them.
export { TokenErrorCode };

/**
 * Why a session has no usable token: never signed in, expired, the refresh failed (e.g.
 * `InvalidGrantException`: the refresh token was revoked), or AWS no longer accepts the access
 * token (the portal answered 401: signed out or revoked elsewhere).
 *
 * @example
 * ```ts
 * if (err instanceof LoginRequiredError && err.reason === 'refresh-failed') console.error('the session was revoked or the network is down');
 * ```
 */
export type LoginRequiredReason = 'no-token' | 'expired' | 'refresh-failed' | 'revoked';

/**
 * What {@link LoginRequiredError} needs to know about the session to name the right command.
 *
 * @example
 * ```ts
 * loginCommand({ ssoSession: 'work', startUrl: 'https://d-1.awsapps.com/start' }); // 'ssokit login --sso-session work'
 * ```
 */
export interface LoginCommandTarget {
  ssoSession?: string | undefined;
  startUrl: string;
}

/**
 * The `ssokit` command that signs a session in: `--profile NAME` when the profile is known,
 * `--sso-session NAME` for an sso-session. A legacy session known only by its start URL can be
 * signed in only through a profile that names it, so that case names `--profile NAME` with the
 * placeholder `NAME`.
 *
 * @example
 * ```ts
 * loginCommand({ ssoSession: 'work', startUrl: 'https://x.awsapps.com/start' }); // 'ssokit login --sso-session work'
 * loginCommand({ startUrl: 'https://x.awsapps.com/start' }, 'dev');              // 'ssokit login --profile dev'
 * ```
 */
export function loginCommand(target: LoginCommandTarget, profile?: string): string {
  return `ssokit login ${loginFlags(target, profile)}`;
}

/**
 * What to tell a person who has to sign in: the `ssokit` command, the AWS CLI v2 command that
 * does the same (`aws sso login` writes the same token cache), and for a legacy session without a
 * profile, which profile to use. `again` is for a session that existed and ended (expired,
 * revoked); a person who never signed in is not told to sign in "again".
 *
 * @example
 * ```ts
 * loginAdvice({ ssoSession: 'work', startUrl: 'https://x.awsapps.com/start' }, undefined, false);
 * // 'Run `ssokit login --sso-session work` (or `aws sso login --sso-session work`) to sign in.'
 * ```
 */
export function loginAdvice(target: LoginCommandTarget, profile: string | undefined, again: boolean): string {
  const flags = loginFlags(target, profile);
  const which =
    profile || target.ssoSession !== undefined
      ? ''
      : ` with a profile whose sso_start_url is ${target.startUrl} (or pass \`login\` options to sign in from your program)`;
  return `Run \`ssokit login ${flags}\` (or \`aws sso login ${flags}\`)${which} to sign in${again ? ' again' : ''}.`;
}

function loginFlags(target: LoginCommandTarget, profile: string | undefined): string {
  if (profile) return `--profile ${profile}`;
  if (target.ssoSession !== undefined) return `--sso-session ${target.ssoSession}`;
  return '--profile NAME';
}

/**
 * Thrown when a session has no token that can be used or refreshed. The message says why (never
 * signed in, expired, or the refresh failed) and which command signs in; `reason` is the same
 * thing as data.
 *
 * @example
 * ```ts
 * try { await manager.getAccessToken(session); } catch (e) {
 *   if (e instanceof LoginRequiredError) console.error(e.message); // "... Run `ssokit login --sso-session work` ..."
 * }
 * ```
 */
export class LoginRequiredError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/token-core/LoginRequiredError');
  /** Why a login is needed. */
  readonly reason: LoginRequiredReason;
  /** The `ssokit` command that fixes it (the message also names the `aws sso login` one). */
  readonly command: string;
  constructor(
    target: LoginCommandTarget,
    reason: LoginRequiredReason,
    detail?: string,
    options: SsokitErrorOptions & { profile?: string } = {},
  ) {
    const command = loginCommand(target, options.profile);
    const who = target.ssoSession !== undefined ? `sso-session "${target.ssoSession}"` : target.startUrl;
    const why =
      reason === 'no-token'
        ? `you are not signed in to ${who} (there is no cached SSO token for it)`
        : reason === 'expired'
          ? `the SSO session for ${who} has expired and cannot be refreshed`
          : reason === 'revoked'
            ? `the SSO session for ${who} was signed out or revoked at AWS${detail ? `, ${detail}` : ''}`
            : `refreshing the SSO token for ${who} failed${detail ? `: ${detail}` : ''}`;
    super(
      TokenErrorCode.LOGIN_REQUIRED,
      `Login required: ${why}. ${loginAdvice(target, options.profile, reason !== 'no-token')}`,
      options,
    );
    this.reason = reason;
    this.command = command;
  }
}

/**
 * Thrown when the cross-process lock of a session could not be taken in time.
 *
 * @example
 * ```ts
 * try { await store.lock(session, async () => store.read(session), { waitMs: 1000 }); } catch (e) {
 *   if (e instanceof LockTimeoutError) console.error(e.lockPath);
 * }
 * ```
 */
export class LockTimeoutError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/token-core/LockTimeoutError');
  /** The lock that was held. */
  readonly lockPath: string;
  constructor(lockPath: string, waitedMs: number, options: SsokitErrorOptions = {}) {
    super(
      TokenErrorCode.LOCK_TIMEOUT,
      `Another process is signing in or refreshing this SSO session (lock ${lockPath} held for more than ${waitedMs} ms). ` +
        `Wait for it to finish and try again; if no ssokit or AWS process is running, delete ${lockPath}.`,
      { isRetryable: true, ...options },
    );
    this.lockPath = lockPath;
  }
}

/**
 * Thrown when a cache file could not be written (permissions, full disk).
 *
 * @example
 * ```ts
 * try { await store.write(session, token); } catch (e) {
 *   if (e instanceof CacheWriteError) console.error(e.path);
 * }
 * ```
 */
export class CacheWriteError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/token-core/CacheWriteError');
  /** The file that could not be written. */
  readonly path: string;
  constructor(path: string, options: SsokitErrorOptions = {}) {
    const code = (options.cause as NodeJS.ErrnoException | undefined)?.code;
    super(
      TokenErrorCode.CACHE_WRITE,
      `Could not write ${path}${code ? ` (${code})` : ''}. Check that the directory is writable by you.`,
      options,
    );
    this.path = path;
  }
}

/**
 * What the holder of a session's lock is doing, as it recorded it next to the lock: `pid` and
 * `hostname` of the process, and since when.
 *
 * @example
 * ```ts
 * const holder: LockHolder = { activity: 'sign-in', pid: 4242, hostname: 'laptop', since: new Date() };
 * ```
 */
export interface LockHolder {
  /** `sign-in` waits for a person; `refresh` for one network call. */
  activity: 'sign-in' | 'refresh';
  pid: number;
  hostname: string;
  since: Date;
}

/**
 * Thrown to a caller that does not sign in itself (a `credential_process`, a read-only command)
 * when another process has been signing the same session in for longer than the caller waits for
 * it: that sign-in ends only when a person approves it, so waiting would hang the caller.
 *
 * @example
 * ```ts
 * try { await manager.getAccessToken(session); } catch (e) {
 *   if (e instanceof SignInInProgressError) console.error(`pid ${e.holder.pid} is signing in`);
 * }
 * ```
 */
export class SignInInProgressError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/token-core/SignInInProgressError');
  /** The process that is signing in. */
  readonly holder: LockHolder;
  /** The session's lock. */
  readonly lockPath: string;
  constructor(
    target: LoginCommandTarget,
    holder: LockHolder,
    lockPath: string,
    options: SsokitErrorOptions = {},
  ) {
    const who = target.ssoSession !== undefined ? `sso-session "${target.ssoSession}"` : target.startUrl;
    const where = `pid ${holder.pid}${holder.hostname ? ` on ${holder.hostname}` : ''}`;
    const since = `${holder.since.toISOString().slice(0, 19)}Z`;
    super(
      TokenErrorCode.SIGN_IN_IN_PROGRESS,
      `A sign-in to ${who} is in progress in another process (${where}, since ${since}) and waits for approval. ` +
        `Finish or cancel that sign-in, then try again; if that process is gone, run \`${loginCommand(target)}\`.`,
      { isRetryable: true, ...options },
    );
    this.holder = holder;
    this.lockPath = lockPath;
  }
}

/**
 * Whether `value` is a {@link LoginRequiredError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isLoginRequiredError(err)) console.error(`run \`${err.command}\` (${err.reason})`);
 * ```
 */
export function isLoginRequiredError(
  value: unknown,
  code?: typeof TokenErrorCode.LOGIN_REQUIRED,
): value is LoginRequiredError {
  return isErrorOf(LoginRequiredError, value, code);
}

/**
 * Whether `value` is a {@link LockTimeoutError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isLockTimeoutError(err)) console.error(`held: ${err.lockPath}`);
 * ```
 */
export function isLockTimeoutError(
  value: unknown,
  code?: typeof TokenErrorCode.LOCK_TIMEOUT,
): value is LockTimeoutError {
  return isErrorOf(LockTimeoutError, value, code);
}

/**
 * Whether `value` is a {@link CacheWriteError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isCacheWriteError(err)) console.error(`not writable: ${err.path}`);
 * ```
 */
export function isCacheWriteError(
  value: unknown,
  code?: typeof TokenErrorCode.CACHE_WRITE,
): value is CacheWriteError {
  return isErrorOf(CacheWriteError, value, code);
}

/**
 * Whether `value` is a {@link SignInInProgressError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isSignInInProgressError(err)) console.error(`pid ${err.holder.pid} is signing in`);
 * ```
 */
export function isSignInInProgressError(
  value: unknown,
  code?: typeof TokenErrorCode.SIGN_IN_IN_PROGRESS,
): value is SignInInProgressError {
  return isErrorOf(SignInInProgressError, value, code);
}

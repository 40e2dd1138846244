/**
 * The registry of every ssokit error code: one constant per failure, grouped by the package whose
 * error class carries it, so a caller (the `ssokit` CLI's exit codes, a provider chain) switches
 * on constants instead of strings or message text. It lives here, in the zod-free core, so code on
 * a hot path can map any code without loading the packages that throw it; each package re-exports
 * its own group (`LoginErrorCode` from `@ssokit/oidc-client`, and so on).
 *
 * A service error's code is not here: it is the AWS error name, typed by the catalogue
 * (`ServiceErrorName`).
 *
 * @module
 */

/**
 * Codes of failures that are not an AWS service error, common to every package. Assigned to
 * {@link ValidationError} (`INVALID_INPUT`), `TransportError` of `@ssokit/transport` (`NETWORK`,
 * `TIMEOUT`, `ABORTED`, `INVALID_RESPONSE`), and {@link SsokitError} elsewhere.
 *
 * @example
 * ```ts
 * if (isSsokitError(e, ErrorCode.TIMEOUT)) console.error('try again later');
 * ```
 */
export const ErrorCode = {
  /** Input given by the caller (or read from config) is not valid. */
  INVALID_INPUT: 'ERR_SSOKIT_INVALID_INPUT',
  /** A response from the service could not be understood. */
  INVALID_RESPONSE: 'ERR_SSOKIT_INVALID_RESPONSE',
  /** The service answered with an error (see `name` for which). */
  SERVICE: 'ERR_SSOKIT_SERVICE',
  /** A request could not reach the service (refused, reset, DNS). */
  NETWORK: 'ERR_SSOKIT_NETWORK',
  /** A request or flow took longer than allowed. */
  TIMEOUT: 'ERR_SSOKIT_TIMEOUT',
  /** The caller aborted. */
  ABORTED: 'ERR_SSOKIT_ABORTED',
  /** An optional npm package a feature needs is not installed: `MissingDependencyError` of `@ssokit/transport`. */
  MISSING_DEPENDENCY: 'ERR_SSOKIT_MISSING_DEPENDENCY',
} as const;
/** One of the {@link ErrorCode} values (the groups below add their own codes). */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Stable codes of the sign-in flows' failures, assigned to `LoginError.code` (`@ssokit/oidc-client`,
 * which re-exports this). Callers switch on these instead of parsing messages.
 *
 * @example
 * ```ts
 * if (isSsokitError(err, LoginErrorCode.ACCESS_DENIED)) console.error('Sign-in was denied.');
 * ```
 */
export const LoginErrorCode = {
  /** The person (or an administrator) denied the request. */
  ACCESS_DENIED: 'ERR_SSOKIT_ACCESS_DENIED',
  /** The device code expired before anyone approved it. */
  DEVICE_CODE_EXPIRED: 'ERR_SSOKIT_DEVICE_CODE_EXPIRED',
  /**
   * The sign-in timed out and the only callbacks that came back carried a `state` this flow did not
   * send (an old tab, or possible request forgery); they were turned away.
   */
  STATE_MISMATCH: 'ERR_SSOKIT_STATE_MISMATCH',
  /** Nobody finished the browser sign-in in time. */
  LOGIN_TIMEOUT: 'ERR_SSOKIT_LOGIN_TIMEOUT',
  /** The authorization server answered the redirect with an error other than `access_denied`. */
  AUTHORIZATION_FAILED: 'ERR_SSOKIT_AUTHORIZATION_FAILED',
  /** The browser could not be opened and nobody was shown the URL. */
  BROWSER_OPEN_FAILED: 'ERR_SSOKIT_BROWSER_OPEN_FAILED',
  /** The fixed port asked for the loopback callback server is taken (or not allowed). */
  CALLBACK_PORT_UNAVAILABLE: 'ERR_SSOKIT_CALLBACK_PORT_UNAVAILABLE',
  /** The caller aborted the flow (same code as every other ssokit abort). */
  ABORTED: ErrorCode.ABORTED,
} as const;
/** One of the {@link LoginErrorCode} values. */
export type LoginErrorCode = (typeof LoginErrorCode)[keyof typeof LoginErrorCode];

/**
 * Stable codes of the errors `@ssokit/token-core` throws (it re-exports this): `LOGIN_REQUIRED` is
 * assigned to `LoginRequiredError`, `LOCK_TIMEOUT` to `LockTimeoutError`, `CACHE_WRITE` to
 * `CacheWriteError`, `SIGN_IN_IN_PROGRESS` to `SignInInProgressError`. Callers switch on these.
 *
 * @example
 * ```ts
 * if (isSsokitError(e) && e.code === TokenErrorCode.LOGIN_REQUIRED) console.error(e.message);
 * ```
 */
export const TokenErrorCode = {
  /** No usable token: the user has to sign in again. */
  LOGIN_REQUIRED: 'ERR_SSOKIT_LOGIN_REQUIRED',
  /** Another process held the session's lock for longer than the caller was willing to wait. */
  LOCK_TIMEOUT: 'ERR_SSOKIT_LOCK_TIMEOUT',
  /** A refresh was not attempted because the last one for the same session failed moments ago. */
  REFRESH_THROTTLED: 'ERR_SSOKIT_REFRESH_THROTTLED',
  /** A cache file could not be written. */
  CACHE_WRITE: 'ERR_SSOKIT_CACHE_WRITE',
  /** Another process is signing the session in (waiting for a person to approve). */
  SIGN_IN_IN_PROGRESS: 'ERR_SSOKIT_SIGN_IN_IN_PROGRESS',
} as const;
/** One of the {@link TokenErrorCode} values. */
export type TokenErrorCode = (typeof TokenErrorCode)[keyof typeof TokenErrorCode];

/**
 * Stable codes of the errors `@ssokit/credential-provider` throws (it re-exports this). It also throws
 * protocol's `ErrorCode.INVALID_INPUT` (a `ValidationError`) and `ErrorCode.INVALID_RESPONSE`, and
 * token-core's `TokenErrorCode.LOGIN_REQUIRED` (a `LoginRequiredError`).
 *
 * @example
 * ```ts
 * if (isSsokitError(e) && e.code === ProviderErrorCode.PROFILE_CONFIG) console.error(e.message);
 * ```
 */
export const ProviderErrorCode = {
  /** The shared config file does not describe a usable SSO profile: `ProfileConfigError`. */
  PROFILE_CONFIG: 'ERR_SSOKIT_PROFILE_CONFIG',
  /**
   * The portal does not know the account and role for the signed-in user (GetRoleCredentials
   * answered `ResourceNotFoundException`): an `SsokitError` whose `cause` is that service error.
   */
  ROLE_NOT_ASSIGNED: 'ERR_SSOKIT_ROLE_NOT_ASSIGNED',
  /**
   * STS refused an AssumeRole of a role chain (e.g. `AccessDenied`: the role's trust policy does not
   * let the source role assume it): an `SsokitError` whose `cause` is that service error.
   */
  ASSUME_ROLE_FAILED: 'ERR_SSOKIT_ASSUME_ROLE_FAILED',
  /** A console destination that is neither a service name nor a URL of the partition's console: `ConsoleSignInError`. */
  CONSOLE_DESTINATION: 'ERR_SSOKIT_CONSOLE_DESTINATION',
  /** AWS sign-in federation refused the role credentials (expired, or not temporary): `ConsoleSignInError`. */
  CONSOLE_SIGNIN_REFUSED: 'ERR_SSOKIT_CONSOLE_SIGNIN_REFUSED',
  /** The container-credentials server could not listen (port in use, not permitted): `ContainerServerError`. */
  CONTAINER_SERVER: 'ERR_SSOKIT_CONTAINER_SERVER',
} as const;
/** One of the {@link ProviderErrorCode} values. */
export type ProviderErrorCode = (typeof ProviderErrorCode)[keyof typeof ProviderErrorCode];

/**
 * Stable codes of the errors the programmatic API of `@ssokit/emulator` throws, assigned to
 * `EmulatorError.code` (the emulator re-exports this).
 *
 * @example
 * ```ts
 * if (isSsokitError(e) && e.code === EmulatorErrorCode.INVALID_FIXTURE) console.error(e.message);
 * ```
 */
export const EmulatorErrorCode = {
  /** The fixture (directory) is not valid. */
  INVALID_FIXTURE: 'ERR_SSOKIT_EMULATOR_INVALID_FIXTURE',
  /** An option given to `startEmulator` or the bin is not valid. */
  INVALID_OPTION: 'ERR_SSOKIT_EMULATOR_INVALID_OPTION',
  /** An argument of an admin call (a fault, a rate limit) is not valid; the message suggests the nearest valid name. */
  INVALID_ARGUMENT: 'ERR_SSOKIT_EMULATOR_INVALID_ARGUMENT',
  /** A user code given to an admin call is unknown, expired or already decided. */
  UNKNOWN_USER_CODE: 'ERR_SSOKIT_EMULATOR_UNKNOWN_USER_CODE',
  /** An `/authorize` request to decide on is unknown, expired or already decided. */
  UNKNOWN_AUTHORIZE_REQUEST: 'ERR_SSOKIT_EMULATOR_UNKNOWN_AUTHORIZE_REQUEST',
  /** A user named in an admin call is not in the directory. */
  UNKNOWN_USER: 'ERR_SSOKIT_EMULATOR_UNKNOWN_USER',
} as const;
/** One of the {@link EmulatorErrorCode} values. */
export type EmulatorErrorCode = (typeof EmulatorErrorCode)[keyof typeof EmulatorErrorCode];

// The code registry lives in protocol's zod-free core: this file is on the credential_process path.
import {
  ErrorCode,
  isSsokitError,
  LoginErrorCode,
  ProviderErrorCode,
  redactUrlsInText,
  type ServiceErrorName,
  TokenErrorCode,
} from '@ssokit/protocol/core';

/**
 * Exit codes, documented in the README, the troubleshooting guide and `ssokit --help`:
 * 0 ok · 1 failure · 2 usage · 3 configuration · 4 sign-in required · 5 sign-in failed or denied ·
 * 6 service or network unreachable · 7 another process holds the session's lock · 8 a cache or
 * config file could not be written · 9 the service answered with something that is not its API ·
 * 130 interrupted.
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  CONFIG: 3,
  LOGIN_REQUIRED: 4,
  LOGIN_FAILED: 5,
  UNAVAILABLE: 6,
  LOCK_BUSY: 7,
  WRITE_FAILED: 8,
  BAD_RESPONSE: 9,
  INTERRUPTED: 130,
} as const;

const CLI_ERROR: unique symbol = Symbol.for('ssokit/cli-error');

/** An error the CLI raises itself: a message, a hint of what to do, an exit code. */
export class CliError extends Error {
  /**
   * `instanceof` by a mark every instance carries: `ssokit credentials` runs from more than one
   * bundle (scripts/build-fast-path.mjs), each with its own copy of this class.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && Object.hasOwn(value, CLI_ERROR);
  }

  constructor(
    message: string,
    readonly exitCode: number = ExitCode.FAILURE,
    readonly hint?: string,
  ) {
    super(redactUrlsInText(message));
    this.name = 'CliError';
    Object.defineProperty(this, CLI_ERROR, { value: true });
  }
}

// Keyed by the packages' code constants (a service error's code is its AWS name, typed by the
// catalogue), so a code that is renamed or removed fails to compile here.
const BY_CODE: Record<string, number> = {
  [ErrorCode.INVALID_INPUT]: ExitCode.CONFIG,
  [ProviderErrorCode.PROFILE_CONFIG]: ExitCode.CONFIG,
  [ProviderErrorCode.ROLE_NOT_ASSIGNED]: ExitCode.CONFIG,
  // STS refused an AssumeRole of a role chain: the trust policy or the profile needs fixing
  [ProviderErrorCode.ASSUME_ROLE_FAILED]: ExitCode.CONFIG,
  [ProviderErrorCode.CONSOLE_DESTINATION]: ExitCode.USAGE,
  // serve or exec --server could not listen: another --port (or none) is the fix
  [ProviderErrorCode.CONTAINER_SERVER]: ExitCode.USAGE,
  [ProviderErrorCode.CONSOLE_SIGNIN_REFUSED]: ExitCode.LOGIN_FAILED,
  [TokenErrorCode.LOGIN_REQUIRED]: ExitCode.LOGIN_REQUIRED,
  [LoginErrorCode.ACCESS_DENIED]: ExitCode.LOGIN_FAILED,
  [LoginErrorCode.DEVICE_CODE_EXPIRED]: ExitCode.LOGIN_FAILED,
  [LoginErrorCode.STATE_MISMATCH]: ExitCode.LOGIN_FAILED,
  [LoginErrorCode.LOGIN_TIMEOUT]: ExitCode.LOGIN_FAILED,
  // the browser came back with an error or without a code, or could not be opened
  [LoginErrorCode.AUTHORIZATION_FAILED]: ExitCode.LOGIN_FAILED,
  [LoginErrorCode.BROWSER_OPEN_FAILED]: ExitCode.LOGIN_FAILED,
  [LoginErrorCode.CALLBACK_PORT_UNAVAILABLE]: ExitCode.LOGIN_FAILED,
  // someone is approving a sign-in elsewhere: what to do is the same as for no sign-in at all
  [TokenErrorCode.SIGN_IN_IN_PROGRESS]: ExitCode.LOGIN_REQUIRED,
  [ErrorCode.NETWORK]: ExitCode.UNAVAILABLE,
  [ErrorCode.TIMEOUT]: ExitCode.UNAVAILABLE,
  [TokenErrorCode.LOCK_TIMEOUT]: ExitCode.LOCK_BUSY,
  [TokenErrorCode.CACHE_WRITE]: ExitCode.WRITE_FAILED,
  [ErrorCode.INVALID_RESPONSE]: ExitCode.BAD_RESPONSE,
  [ErrorCode.ABORTED]: ExitCode.INTERRUPTED,
  ...byServiceError({
    UnauthorizedException: ExitCode.LOGIN_REQUIRED,
    AccessDeniedException: ExitCode.LOGIN_FAILED,
    InternalServerException: ExitCode.UNAVAILABLE,
    TooManyRequestsException: ExitCode.UNAVAILABLE,
  }),
};

const HINTS: Record<string, string> = {
  [ErrorCode.NETWORK]: 'check your network, proxy (HTTPS_PROXY) and any AWS_ENDPOINT_URL_* overrides',
  [ErrorCode.TIMEOUT]: 'the service did not answer in time; try again',
  [ErrorCode.INVALID_RESPONSE]:
    'the endpoint did not answer like IAM Identity Center: check AWS_ENDPOINT_URL_* overrides and any proxy (HTTPS_PROXY)',
  ...byServiceError({
    UnauthorizedException: 'the session is no longer valid: run `ssokit login`',
    TooManyRequestsException: 'AWS is throttling requests; wait a moment and try again',
  }),
};

/** A table keyed by AWS error names (a service error's `code`), checked against the catalogue. */
function byServiceError<T>(table: Partial<Record<ServiceErrorName, T>>): Record<string, T> {
  return table as Record<string, T>;
}

/** What a file system says when a file cannot be written: permissions, a full disk or quota, a read-only mount. */
const WRITE_ERRNOS = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'EROFS']);

/** Turns any error into one line for people, a hint, and an exit code. Never a stack, never a secret. */
export function describeError(error: unknown): { message: string; hint?: string; exitCode: number } {
  if (error instanceof CliError) {
    return { message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) };
  }
  if (isSsokitError(error)) {
    const exitCode = BY_CODE[error.code] ?? ExitCode.FAILURE;
    const hint = HINTS[error.code];
    return { message: error.message, exitCode, ...(hint ? { hint } : {}) };
  }
  const errno = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (errno !== undefined && WRITE_ERRNOS.has(errno)) {
    return {
      message: (error as Error).message,
      exitCode: ExitCode.WRITE_FAILED,
      hint:
        errno === 'ENOSPC' || errno === 'EDQUOT'
          ? 'the disk (or your quota) is full: free some space and try again'
          : 'check that ~/.aws (or AWS_CONFIG_FILE) and the files in it are writable by you',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected error: ${redactUrlsInText(message)}`,
    exitCode: ExitCode.FAILURE,
    hint: 'run again with --debug for details',
  };
}

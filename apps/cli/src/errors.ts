import { isSsokitError, redactUrlsInText } from '@ssokit/protocol';

/**
 * Exit codes, documented in the README and `ssokit --help`:
 * 0 ok · 1 failure · 2 usage · 3 configuration · 4 sign-in required · 5 sign-in failed or denied ·
 * 6 service or network unreachable · 130 interrupted.
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  CONFIG: 3,
  LOGIN_REQUIRED: 4,
  LOGIN_FAILED: 5,
  UNAVAILABLE: 6,
  INTERRUPTED: 130,
} as const;

/** An error the CLI raises itself: a message, a hint of what to do, an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.FAILURE,
    readonly hint?: string,
  ) {
    super(redactUrlsInText(message));
    this.name = 'CliError';
  }
}

const BY_CODE: Record<string, number> = {
  ERR_SSOKIT_INVALID_INPUT: ExitCode.CONFIG,
  ERR_SSOKIT_PROFILE_CONFIG: ExitCode.CONFIG,
  ERR_SSOKIT_LOGIN_REQUIRED: ExitCode.LOGIN_REQUIRED,
  ERR_SSOKIT_ACCESS_DENIED: ExitCode.LOGIN_FAILED,
  ERR_SSOKIT_DEVICE_CODE_EXPIRED: ExitCode.LOGIN_FAILED,
  ERR_SSOKIT_STATE_MISMATCH: ExitCode.LOGIN_FAILED,
  ERR_SSOKIT_LOGIN_TIMEOUT: ExitCode.LOGIN_FAILED,
  ERR_SSOKIT_NETWORK: ExitCode.UNAVAILABLE,
  ERR_SSOKIT_TIMEOUT: ExitCode.UNAVAILABLE,
  ERR_SSOKIT_ABORTED: ExitCode.INTERRUPTED,
  UnauthorizedException: ExitCode.LOGIN_REQUIRED,
  AccessDeniedException: ExitCode.LOGIN_FAILED,
  InternalServerException: ExitCode.UNAVAILABLE,
  TooManyRequestsException: ExitCode.UNAVAILABLE,
};

const HINTS: Record<string, string> = {
  ERR_SSOKIT_NETWORK: 'check your network, proxy (HTTPS_PROXY) and any AWS_ENDPOINT_URL_* overrides',
  ERR_SSOKIT_TIMEOUT: 'the service did not answer in time; try again',
  UnauthorizedException: 'the session is no longer valid: run `ssokit login`',
  TooManyRequestsException: 'AWS is throttling requests; wait a moment and try again',
};

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
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EACCES') {
    return { message: error.message, exitCode: ExitCode.FAILURE, hint: 'check the permissions of ~/.aws' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `unexpected error: ${redactUrlsInText(message)}`,
    exitCode: ExitCode.FAILURE,
    hint: 'run again with --debug for details',
  };
}

import { findServiceError, type ServiceName, SsokitError } from '@ssokit/protocol';

/**
 * Stable codes of the errors the emulator's programmatic API throws.
 *
 * @example
 * ```ts
 * if (isSsokitError(e) && e.code === EmulatorErrorCode.INVALID_FIXTURE) console.error(e.message);
 * ```
 */
export const EmulatorErrorCode = {
  /** The fixture (directory) is not valid. */
  INVALID_FIXTURE: 'ERR_SSOKIT_EMULATOR_INVALID_FIXTURE',
  /** An option given to {@link startEmulator} or the bin is not valid. */
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
/**
 * One of the {@link EmulatorErrorCode} values.
 *
 * @example
 * ```ts
 * const code: EmulatorErrorCode = EmulatorErrorCode.UNKNOWN_USER;
 * ```
 */
export type EmulatorErrorCode = (typeof EmulatorErrorCode)[keyof typeof EmulatorErrorCode];

/**
 * Thrown by the emulator's programmatic API (options, fixtures, admin calls). Errors the emulator
 * answers on the wire are HTTP responses, never this class.
 *
 * @example
 * ```ts
 * import { EmulatorError, EmulatorErrorCode } from '@ssokit/emulator';
 * try { emulator.admin.approve('NOPE-NOPE'); } catch (e) {
 *   if (e instanceof EmulatorError && e.code === EmulatorErrorCode.UNKNOWN_USER_CODE) console.error(e.message);
 * }
 * ```
 */
export class EmulatorError extends SsokitError {
  constructor(code: EmulatorErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * A service error the emulator answers with, carried from the semantics layer to the HTTP layer.
 * Internal: the HTTP layer turns it into status + `x-amzn-errortype` + body.
 */
export class ServiceFailure extends Error {
  readonly status: number;
  readonly oauthError: string | undefined;
  constructor(
    readonly service: ServiceName,
    readonly errorName: string,
    readonly description: string,
    options: { status?: number; reason?: string } = {},
  ) {
    super(`${errorName}: ${description}`);
    const spec = findServiceError(service, errorName);
    this.status = options.status ?? spec?.status ?? 400;
    this.oauthError = spec?.oauthError;
    this.reason = options.reason;
  }
  readonly reason: string | undefined;

  /** The JSON body AWS sends for this error: OAuth shape for sso-oidc, `{message}` for the portal. */
  body(): Record<string, unknown> {
    if (this.service === 'sso-oidc' && this.oauthError !== undefined) {
      return {
        error: this.oauthError,
        error_description: this.description,
        ...(this.reason === undefined ? {} : { reason: this.reason }),
      };
    }
    return { message: this.description };
  }
}

/** sso-oidc error by catalogue name. */
export const oidcError = (name: string, description: string, reason?: string): ServiceFailure =>
  new ServiceFailure('sso-oidc', name, description, reason === undefined ? {} : { reason });
/** Portal error by catalogue name. */
export const portalError = (name: string, description: string): ServiceFailure =>
  new ServiceFailure('sso', name, description);

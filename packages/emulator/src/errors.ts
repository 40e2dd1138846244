import {
  EmulatorErrorCode,
  ERROR_BRAND,
  errorBrand,
  findServiceError,
  isErrorOf,
  type ServiceName,
  SsokitError,
} from '@ssokit/protocol';

// The codes live in protocol's registry; this package owns them.
export { EmulatorErrorCode };

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
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/emulator/EmulatorError');
  declare readonly code: EmulatorErrorCode;
  constructor(code: EmulatorErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/**
 * Whether `value` is an {@link EmulatorError} from any copy of this package, optionally with `code`.
 *
 * @example
 * ```ts
 * if (isEmulatorError(err, EmulatorErrorCode.UNKNOWN_USER_CODE)) console.error('no such user code');
 * ```
 */
export function isEmulatorError(value: unknown, code?: EmulatorErrorCode): value is EmulatorError {
  return isErrorOf(EmulatorError, value, code);
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

import {
  ERROR_BRAND,
  errorBrand,
  isErrorOf,
  LoginErrorCode,
  SsokitError,
  type SsokitErrorOptions,
} from '@ssokit/protocol/core';

// The codes live in protocol's registry (light to import on a hot path); this package owns them.
export { LoginErrorCode };

/**
 * A sign-in flow (device code, authorization code) stopped. `code` says why; the message says
 * what to do next. Never carries a secret.
 *
 * @example
 * ```ts
 * try { await authorizationCodeFlow({ client, startUrl, timeoutMs: 120_000 }); } catch (e) {
 *   if (e instanceof LoginError && e.code === LoginErrorCode.LOGIN_TIMEOUT) console.error(e.message);
 * }
 * ```
 */
export class LoginError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/oidc-client/LoginError');
  declare readonly code: LoginErrorCode;
  /** Which flow failed. */
  readonly flow: 'device-code' | 'pkce';

  constructor(
    code: LoginErrorCode,
    message: string,
    options: SsokitErrorOptions & { flow: 'device-code' | 'pkce' },
  ) {
    super(code, message, options);
    this.flow = options.flow;
  }
}

/**
 * Whether `value` is a {@link LoginError} from any copy of this package, optionally with `code`.
 *
 * @example
 * ```ts
 * if (isLoginError(err, LoginErrorCode.DEVICE_CODE_EXPIRED)) console.error('Run the login again.');
 * ```
 */
export function isLoginError(value: unknown, code?: LoginErrorCode): value is LoginError {
  return isErrorOf(LoginError, value, code);
}

import { brandedHasInstance, ErrorCode, SsokitError, type SsokitErrorOptions } from '@ssokit/protocol';

/**
 * Stable codes of the sign-in flows' failures. Callers switch on these instead of parsing
 * messages.
 *
 * @example
 * ```ts
 * import { LoginErrorCode, isLoginError } from '@ssokit/oidc-client';
 * try { await deviceCodeFlow({ client, startUrl, onPrompt: (p) => console.error(p.verificationUriComplete) }); } catch (e) {
 *   if (isLoginError(e, LoginErrorCode.ACCESS_DENIED)) console.error('Sign-in was denied.');
 * }
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
  /** The caller aborted the flow (same code as every other ssokit abort). */
  ABORTED: ErrorCode.ABORTED,
} as const;
/** One of the {@link LoginErrorCode} values. */
export type LoginErrorCode = (typeof LoginErrorCode)[keyof typeof LoginErrorCode];

const LOGIN_ERROR_BRAND = Symbol.for('@ssokit/oidc-client/LoginError');

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
    Object.defineProperty(this, LOGIN_ERROR_BRAND, { value: true });
  }

  /** Brand check, so `instanceof` works across duplicate package copies. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class being checked against
    return brandedHasInstance(this, value, isLoginError);
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
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[LOGIN_ERROR_BRAND] !== true) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}

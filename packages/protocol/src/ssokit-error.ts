import { redactUrlsInText } from './redact.js';

const BRAND = Symbol.for('@ssokit/error');

/** Stable codes for failures that are not an AWS service error. Callers switch on these. */
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
} as const;
/** One of the {@link ErrorCode} values (packages above may add their own codes). */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options common to every ssokit error. */
export interface SsokitErrorOptions {
  /** The failure underneath, if any. Never holds a secret. */
  cause?: unknown;
  /** Whether repeating the same call may succeed. */
  isRetryable?: boolean;
}

/**
 * The base class of every error ssokit throws. It carries a stable string `code`, an
 * `isRetryable` flag, and a brand that survives duplicate copies of the package, so
 * {@link isSsokitError} works even when two versions are installed.
 *
 * @example
 * ```ts
 * import { isSsokitError, ErrorCode } from '@ssokit/protocol';
 * try { await new SsoPortalClient({ region: 'eu-west-1', timeoutMs: 5_000 }).listAccounts({ accessToken }); } catch (e) {
 *   if (isSsokitError(e) && e.code === ErrorCode.TIMEOUT) console.error('try again later');
 * }
 * ```
 */
export class SsokitError extends Error {
  /** A stable code to switch on. */
  readonly code: string;
  /** Whether repeating the same call may succeed. */
  readonly isRetryable: boolean;

  constructor(code: string, message: string, options: SsokitErrorOptions = {}) {
    // user info and query values of any URL in the message are redacted (endpoint overrides, start URLs)
    super(redactUrlsInText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Brand check that works across duplicate package copies. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was called on
    return brandedHasInstance(this, value, isSsokitError);
  }
}

/**
 * The `Symbol.hasInstance` rule of ssokit's branded error classes: on the class that declares the
 * method, `isBranded(value)` (true across duplicate copies of a package); on a subclass that
 * inherits it, the ordinary prototype-chain check.
 *
 * It never names the class: a class body that refers to its own name is renamed by bundlers
 * (esbuild emits `class _LoginError`), and `err.name` and stack traces would show that name.
 *
 * @example
 * ```ts
 * const isMyError = (value: unknown): boolean => isSsokitError(value) && value.code === 'ERR_MY_THING';
 * class MyError extends SsokitError {
 *   static override [Symbol.hasInstance](value: unknown): boolean {
 *     return brandedHasInstance(this, value, isMyError);
 *   }
 * }
 * ```
 */
export function brandedHasInstance(
  cls: abstract new (...args: never[]) => unknown,
  value: unknown,
  isBranded: (value: unknown) => boolean,
): boolean {
  if (Object.hasOwn(cls, Symbol.hasInstance)) return isBranded(value);
  return Function.prototype[Symbol.hasInstance].call(cls, value);
}

/**
 * Whether `value` is an error thrown by any copy of ssokit.
 *
 * @example
 * ```ts
 * if (isSsokitError(err)) console.error(err.code, err.message);
 * ```
 */
export function isSsokitError(value: unknown): value is SsokitError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Thrown when input from the caller, the user or a config file is not valid. The message says
 * which member is wrong and what is expected.
 *
 * @example
 * ```ts
 * import { validateRegion, ValidationError } from '@ssokit/protocol';
 * try { validateRegion('us_east_1'); } catch (e) { if (e instanceof ValidationError) console.error(e.message); }
 * ```
 */
export class ValidationError extends SsokitError {
  /** The member or setting that failed, e.g. `startUrl` or `input.roleName`. */
  readonly member: string | undefined;
  constructor(message: string, options: SsokitErrorOptions & { member?: string } = {}) {
    super(ErrorCode.INVALID_INPUT, message, options);
    this.member = options.member;
  }
}

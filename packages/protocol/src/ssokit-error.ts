import { ErrorCode } from './error-codes.js';
import { redactUrlsInText } from './redact.js';

/**
 * The static member through which an error class declares its brand (see {@link errorBrand}).
 * `Symbol.for`, so every copy of `@ssokit/protocol` uses the same key.
 */
export const ERROR_BRAND: unique symbol = Symbol.for('@ssokit/error-brand');

/**
 * A mark that identifies an error class across duplicate copies of its package: instances carry
 * `symbol` (a `Symbol.for` key, the same in every copy), and, when `code` is set, only errors with
 * that `code` count.
 */
export interface ErrorBrand {
  /** The property every instance of the class carries. */
  readonly symbol: symbol;
  /** Only errors with this `code` are instances (a per-exception class over a generic one). */
  readonly code?: string | undefined;
}

/**
 * The brand of an error class, declared as its static {@link ERROR_BRAND} member. That one line
 * gives the class the ssokit rule: its constructor marks every instance, and `instanceof` (and
 * {@link isErrorOf}) checks the mark, so it holds for an error thrown by another copy of the
 * package. `id` names the class (`@ssokit/<package>/<Class>`); pass an existing brand and a `code`
 * for a class that stands for one code of a generic error class.
 *
 * @example
 * ```ts
 * import { ERROR_BRAND, errorBrand, isErrorOf, SsokitError } from '@ssokit/protocol/core';
 * class QuotaError extends SsokitError {
 *   static override readonly [ERROR_BRAND] = errorBrand('@acme/quota/QuotaError');
 * }
 * isErrorOf(QuotaError, new QuotaError('ERR_QUOTA', 'over quota')); // true
 * ```
 */
export function errorBrand(id: string | ErrorBrand, code?: string): ErrorBrand {
  const symbol = typeof id === 'string' ? Symbol.for(id) : id.symbol;
  return Object.freeze(code === undefined ? { symbol } : { symbol, code });
}

/**
 * Whether `value` is an instance of the error class `cls` (by brand, so across duplicate package
 * copies), optionally with the given `code`. Every `isXError(value, code?)` guard of ssokit is this.
 *
 * @example
 * ```ts
 * import { isErrorOf, ValidationError } from '@ssokit/protocol/core';
 * isErrorOf(ValidationError, new ValidationError('bad'), 'ERR_SSOKIT_INVALID_INPUT'); // true
 * ```
 */
export function isErrorOf<T extends SsokitError>(
  cls: abstract new (...args: never[]) => T,
  value: unknown,
  code?: string,
): value is T {
  return value instanceof cls && (code === undefined || (value as SsokitError).code === code);
}

function hasBrand(value: unknown, brand: ErrorBrand): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[brand.symbol] !== true) return false;
  return brand.code === undefined || (value as { code?: unknown }).code === brand.code;
}

function ownBrand(cls: unknown): ErrorBrand | undefined {
  return typeof cls === 'function' && Object.hasOwn(cls, ERROR_BRAND)
    ? (cls as unknown as Record<typeof ERROR_BRAND, ErrorBrand>)[ERROR_BRAND]
    : undefined;
}

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
 * The brand rule lives here once: a subclass that declares a static {@link ERROR_BRAND} gets its
 * instances marked and `instanceof` checked by that brand; a subclass without one (your own)
 * gets the ordinary prototype-chain `instanceof`. The rule never names a class: a class body that
 * refers to its own name is renamed by bundlers (`class _LoginError`), and `err.name` and stack
 * traces would show that name.
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
  /** The brand every ssokit error carries. */
  static readonly [ERROR_BRAND]: ErrorBrand = errorBrand('@ssokit/error');
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
    markBrands(this, new.target);
  }

  /** `instanceof` by brand, so it works across duplicate package copies (see the class notes). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` was called on
    return hasInstanceByBrand(this, value);
  }
}

/** Marks `error` with the brand of every class from `cls` (its `new.target`) up to {@link SsokitError}. */
function markBrands(error: SsokitError, cls: unknown): void {
  for (; typeof cls === 'function' && cls !== Error; cls = Object.getPrototypeOf(cls)) {
    const brand = ownBrand(cls);
    if (brand && !Object.hasOwn(error, brand.symbol))
      Object.defineProperty(error, brand.symbol, { value: true });
  }
}

/** A class with a brand of its own checks the brand; one without (a user's subclass), the prototype chain. */
function hasInstanceByBrand(cls: unknown, value: unknown): boolean {
  const brand = ownBrand(cls);
  if (brand) return hasBrand(value, brand);
  return Function.prototype[Symbol.hasInstance].call(cls, value);
}

/**
 * Whether `value` is an error thrown by any copy of ssokit, optionally with the given `code`.
 *
 * @example
 * ```ts
 * if (isSsokitError(err)) console.error(err.code, err.message);
 * if (isSsokitError(err, ErrorCode.TIMEOUT)) console.error('try again later');
 * ```
 */
export function isSsokitError(value: unknown, code?: string): value is SsokitError {
  return isErrorOf(SsokitError, value, code);
}

/** Options of a {@link ValidationError}. */
export interface ValidationErrorOptions extends SsokitErrorOptions {
  /** The member or setting that failed, e.g. `startUrl` or `input.roleName`. */
  member?: string | undefined;
  /** What is wrong, without the advice on where to fix it; defaults to the message without its final period. */
  detail?: string | undefined;
}

/**
 * Thrown when input from the caller, the user or a config file is not valid. The message says
 * which member is wrong and what is expected; `member` and `detail` say the same as data, so a
 * caller that words its own message (a config file checker naming the file and section) never
 * parses this one.
 *
 * @example
 * ```ts
 * import { validateRegion, ValidationError } from '@ssokit/protocol';
 * try { validateRegion('us_east_1'); } catch (e) { if (e instanceof ValidationError) console.error(e.member, e.detail); }
 * ```
 */
export class ValidationError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/protocol/ValidationError');
  /** The member or setting that failed, e.g. `startUrl` or `input.roleName`. */
  readonly member: string | undefined;
  /** What is wrong with the value, as a clause without the advice on where to fix it. */
  readonly detail: string;
  constructor(message: string, options: ValidationErrorOptions = {}) {
    super(ErrorCode.INVALID_INPUT, message, options);
    this.member = options.member;
    this.detail = options.detail ?? this.message.replace(/\.$/, '');
  }
}

/**
 * Whether `value` is a {@link ValidationError} from any copy of `@ssokit/protocol`.
 *
 * @example
 * ```ts
 * if (isValidationError(err)) console.error(`${err.member}: ${err.detail}`);
 * ```
 */
export function isValidationError(
  value: unknown,
  code?: typeof ErrorCode.INVALID_INPUT,
): value is ValidationError {
  return isErrorOf(ValidationError, value, code);
}

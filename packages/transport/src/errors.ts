import type { ServiceErrorName, ServiceName } from '@ssokit/protocol/core';
import {
  ERROR_BRAND,
  type ErrorCode,
  errorBrand,
  isErrorOf,
  SsokitError,
  type SsokitErrorOptions,
} from '@ssokit/protocol/core';

/** What a {@link ServiceError} is built from. Every string must already be free of secrets. */
export interface ServiceErrorInit {
  /** The AWS error name, e.g. `AuthorizationPendingException`; `UnknownError` when undecodable. */
  name: string;
  service: ServiceName;
  /** The operation that failed, e.g. `CreateToken`. */
  operation: string;
  status: number;
  requestId?: string | undefined;
  oauthError?: string | undefined;
  errorDescription?: string | undefined;
  reason?: string | undefined;
  /** The portal's `message` member. */
  serviceMessage?: string | undefined;
  fault: 'client' | 'server';
  throttling: boolean;
  isRetryable: boolean;
  /** Milliseconds the service asked us to wait (`Retry-After`). */
  retryAfterMs?: number | undefined;
  /** Defaults to `<service> <operation> failed: <name> (<status>): <description>`. */
  message?: string;
  /** The response body, scrubbed. */
  cause?: unknown;
}

/**
 * The service answered with an error. `code` and `name` are both the AWS error name, so
 * `err.code === 'AuthorizationPendingException'` and `isServiceError(err, 'SlowDownException')`
 * read the same way. Holds no secret: description and body are scrubbed of everything secret in
 * the request.
 *
 * @example
 * ```ts
 * try {
 *   await transport.send(CreateToken, { clientId, clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: '…' });
 * } catch (e) {
 *   if (isServiceError(e, 'AuthorizationPendingException')) console.log('not yet: poll again');
 *   else if (isServiceError(e)) console.error(e.status, e.oauthError, e.requestId);
 * }
 * ```
 */
export class ServiceError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/transport/ServiceError');
  readonly service: ServiceName;
  /** The operation that failed, e.g. `CreateToken`. */
  readonly operation: string;
  /** HTTP status of the response. */
  readonly status: number;
  /** `x-amzn-requestid`, for AWS support. */
  declare readonly requestId?: string;
  /** The OAuth `error` member (sso-oidc), e.g. `authorization_pending`. */
  declare readonly oauthError?: string;
  /** The OAuth `error_description` member. */
  declare readonly errorDescription?: string;
  /** The `reason` member some sso-oidc errors carry. */
  declare readonly reason?: string;
  /** The portal's `message` member, e.g. `Session token not found or invalid`. */
  declare readonly serviceMessage?: string;
  readonly fault: 'client' | 'server';
  /** Whether this is a throttling error (longer backoff). */
  readonly throttling: boolean;
  /** Milliseconds the service asked us to wait before trying again (`Retry-After`). */
  declare readonly retryAfterMs?: number;

  constructor(init: ServiceErrorInit) {
    const options: SsokitErrorOptions = { isRetryable: init.isRetryable };
    if (init.cause !== undefined) options.cause = init.cause;
    super(init.name, init.message ?? defaultServiceErrorMessage(init), options);
    this.name = init.name;
    this.service = init.service;
    this.operation = init.operation;
    this.status = init.status;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.oauthError !== undefined) this.oauthError = init.oauthError;
    if (init.errorDescription !== undefined) this.errorDescription = init.errorDescription;
    if (init.reason !== undefined) this.reason = init.reason;
    if (init.serviceMessage !== undefined) this.serviceMessage = init.serviceMessage;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    this.fault = init.fault;
    this.throttling = init.throttling;
  }
}

function defaultServiceErrorMessage(init: ServiceErrorInit): string {
  const detail = init.errorDescription ?? init.serviceMessage;
  const reason = init.reason === undefined ? '' : ` (reason: ${init.reason})`;
  return `${init.service} ${init.operation} failed: ${init.name} (${init.status})${detail ? `: ${detail}` : ''}${reason}`;
}

/**
 * Whether `value` is a {@link ServiceError} from any copy of this package, optionally with the
 * given AWS error name (its `code`). The name is one of the catalogue's (or `UnknownError`, for a
 * response that named none), so a misspelt one does not compile.
 *
 * @example
 * ```ts
 * let interval = 5;
 * if (isServiceError(err, 'SlowDownException')) interval += 5;
 * ```
 */
export function isServiceError(
  value: unknown,
  name?: ServiceErrorName | 'UnknownError',
): value is ServiceError {
  return isErrorOf(ServiceError, value, name);
}

/** The codes a {@link TransportError} carries. */
export type TransportErrorCode =
  | typeof ErrorCode.NETWORK
  | typeof ErrorCode.TIMEOUT
  | typeof ErrorCode.ABORTED
  | typeof ErrorCode.INVALID_RESPONSE;

/** Options of a {@link TransportError}. */
export interface TransportErrorOptions extends SsokitErrorOptions {
  /** The operation that was running, if any. */
  operation?: string | undefined;
  /** The low-level code of a network failure, e.g. `ECONNREFUSED` or `UND_ERR_SOCKET`. */
  networkCode?: string | undefined;
  /**
   * Whether the service may have received and processed the request. `false` only when it
   * certainly did not (e.g. connection refused), which makes even CreateToken safe to resend.
   */
  mayHaveBeenProcessed?: boolean | undefined;
  /** HTTP status, for an invalid response. */
  status?: number | undefined;
}

/**
 * The request did not produce a service answer: the network failed (`ErrorCode.NETWORK`), an
 * attempt took too long (`ErrorCode.TIMEOUT`), the caller aborted (`ErrorCode.ABORTED`), or the
 * response could not be understood (`ErrorCode.INVALID_RESPONSE`).
 *
 * @example
 * ```ts
 * import { ErrorCode } from '@ssokit/protocol/core';
 * try { await transport.send(ListAccounts, { accessToken }); } catch (e) {
 *   if (isTransportError(e) && e.code === ErrorCode.TIMEOUT) console.error('IAM Identity Center did not answer in time');
 * }
 * ```
 */
export class TransportError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/transport/TransportError');
  declare readonly code: TransportErrorCode;
  declare readonly operation?: string;
  declare readonly networkCode?: string;
  readonly mayHaveBeenProcessed: boolean;
  declare readonly status?: number;

  constructor(code: TransportErrorCode, message: string, options: TransportErrorOptions = {}) {
    super(code, message, options);
    if (options.operation !== undefined) this.operation = options.operation;
    if (options.networkCode !== undefined) this.networkCode = options.networkCode;
    if (options.status !== undefined) this.status = options.status;
    this.mayHaveBeenProcessed = options.mayHaveBeenProcessed ?? true;
  }
}

/**
 * Whether `value` is a {@link TransportError} from any copy of this package, optionally with the
 * given code.
 *
 * @example
 * ```ts
 * if (isTransportError(err, ErrorCode.ABORTED)) console.error('cancelled');
 * ```
 */
export function isTransportError(value: unknown, code?: TransportErrorCode): value is TransportError {
  return isErrorOf(TransportError, value, code);
}

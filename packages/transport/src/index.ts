/**
 * The one place ssokit talks HTTP: undici-based executor for sso-oidc and sso portal operations
 * with timeouts, retries, typed errors, proxy support and redaction.
 *
 * @packageDocumentation
 */
// `Clock`, `Logger`, `silentLogger` and `systemClock` are deprecated aliases: they live in `@ssokit/protocol/core`.

export type { XmlReader } from './aws-query.js';
export { type Clock, type Logger, silentLogger, sleepOnClock, systemClock } from './clock.js';
export { decodeServiceError, type HttpResponse, parseSuccess, type ResponseHeaders } from './decode.js';
export { createDefaultDispatcher, type DefaultDispatcherOptions } from './default-dispatcher.js';
export {
  isServiceError,
  isTransportError,
  ServiceError,
  type ServiceErrorInit,
  TransportError,
  type TransportErrorCode,
  type TransportErrorOptions,
} from './errors.js';
export { importOptional, isMissingDependencyError, MissingDependencyError } from './optional-dependency.js';
export {
  computeBackoff,
  DEFAULT_RETRY_OPTIONS,
  parseRetryAfter,
  type RetryOptions,
  resolveRetryOptions,
} from './retry.js';
export { type HttpRequest, serializeRequest, validateInput } from './serialize.js';
export { resolveServiceEndpoint, type ServiceClientOptions } from './service-client.js';
export {
  createSigV4Signer,
  SIGV4_PACKAGE,
  type SigningCredentials,
  type SigV4SignerOptions,
} from './sigv4-signer.js';
export { type RequestSigner, type SendOptions, Transport, type TransportOptions } from './transport.js';

/**
 * Everything of `@ssokit/protocol` but the zod schemas: errors, endpoint rules, the error catalogue,
 * constants, redaction, and the clock and logger every layer takes. `@ssokit/protocol/core` does not
 * load zod, so code on a hot path (credential_process reading its caches) can use these without
 * paying for the schemas.
 *
 * @example
 * ```ts
 * import { resolveEndpoint, SsokitError, systemClock } from '@ssokit/protocol/core';
 * ```
 *
 * @packageDocumentation
 */
export {
  defineOperation,
  isWireValidator,
  type MemberLocation,
  type OperationBinding,
  type OperationSchema,
  type SchemaInput,
  type SchemaOutput,
  type ServiceName,
  type WireIssue,
  type WireValidator,
} from './binding.js';
export { type Clock, systemClock } from './clock.js';
export {
  ACCOUNT_ID_PATTERN,
  API_VERSION,
  BEARER_TOKEN_HEADER,
  CLIENT_TYPE_PUBLIC,
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_SCOPE,
  ERROR_TYPE_HEADER,
  GrantType,
  LOOPBACK_REDIRECT_URI,
  OIDC_SIGNING_NAME,
  REQUEST_ID_HEADER,
  ROLE_NAME_PATTERN,
  SLOW_DOWN_INCREMENT_SECONDS,
  TokenType,
} from './constants.js';
export { closestMatch, editDistance, quotedList } from './did-you-mean.js';
export { checkEndpointMatchesStartUrl } from './endpoint-start-url.js';
export {
  type ConsolePartition,
  consolePartition,
  type EndpointOverrides,
  endpointEnvVariable,
  isLoopbackHost,
  partitionDnsSuffix,
  type ResolveEndpointOptions,
  resolveEndpoint,
  validateEndpointUrl,
  validateRegion,
  validateStartUrl,
} from './endpoints.js';
export {
  findOAuthError,
  findServiceError,
  parseErrorTypeHeader,
  SERVICE_ERRORS,
  type ServiceErrorName,
  type ServiceErrorSpec,
} from './error-catalogue.js';
export {
  EmulatorErrorCode,
  ErrorCode,
  LoginErrorCode,
  ProviderErrorCode,
  TokenErrorCode,
} from './error-codes.js';
export { type Logger, silentLogger } from './logger.js';
export {
  isSecretMember,
  redactSecrets,
  redactUrl,
  redactUrlsInText,
  redactValue,
  SECRET_MEMBERS,
  scrubText,
  withRedactedInspect,
} from './redact.js';
export {
  ERROR_BRAND,
  type ErrorBrand,
  errorBrand,
  isErrorOf,
  isSsokitError,
  isValidationError,
  SsokitError,
  type SsokitErrorOptions,
  ValidationError,
  type ValidationErrorOptions,
} from './ssokit-error.js';
export {
  ASSUME_ROLE_DURATION,
  EXTERNAL_ID_PATTERN,
  ROLE_ARN_PATTERN,
  ROLE_SESSION_NAME_PATTERN,
  STS_API_VERSION,
  STS_SIGNING_NAME,
} from './sts-limits.js';

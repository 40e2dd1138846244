/**
 * Everything of `@ssokit/protocol` but the zod schemas: errors, endpoint rules, the error catalogue,
 * constants and redaction. `@ssokit/protocol/core` does not load zod, so code on a hot path
 * (credential_process reading its caches) can use these without paying for the schemas.
 *
 * @example
 * ```ts
 * import { resolveEndpoint, SsokitError } from '@ssokit/protocol/core';
 * ```
 *
 * @packageDocumentation
 */
export * from './binding.js';
export * from './constants.js';
export * from './did-you-mean.js';
export * from './endpoints.js';
export * from './error-catalogue.js';
export * from './error-codes.js';
export * from './redact.js';
export * from './ssokit-error.js';

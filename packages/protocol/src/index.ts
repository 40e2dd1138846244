/**
 * Wire-level facts of AWS IAM Identity Center (sso-oidc and the sso portal) as data: zod schemas
 * for every operation, HTTP bindings, the error catalogue, constants and endpoint rules. No I/O.
 *
 * @packageDocumentation
 */
export * from './binding.js';
export * from './constants.js';
export * from './endpoints.js';
export * from './error-catalogue.js';
export { OPERATIONS, type OperationName } from './operations.js';
export * from './redact.js';
export * from './sso-oidc.js';
export * from './sso-portal.js';
export * from './ssokit-error.js';

/**
 * Wire-level facts of AWS IAM Identity Center (sso-oidc and the sso portal) as data: zod schemas
 * for every operation, HTTP bindings, the error catalogue, constants and endpoint rules. No I/O.
 *
 * @packageDocumentation
 */

export * from './core.js';
export { OPERATIONS, type OperationName } from './operations.js';
export * from './sso-oidc.js';
export * from './sso-portal.js';

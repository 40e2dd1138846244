/**
 * AWS CLI-compatible SSO token and client-registration cache, refresh engine and cross-process locking.
 *
 * @packageDocumentation
 */
export {};

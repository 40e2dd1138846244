/**
 * The one place ssokit talks HTTP: undici-based executor for sso-oidc and sso portal operations with timeouts, retries, typed errors, proxy support and redaction.
 *
 * @packageDocumentation
 */
export {};

/** The API version both services speak (restJson1). */
export const API_VERSION = '2019-06-10';

/** OAuth grant types accepted by CreateToken / CreateTokenWithIAM. */
export const GrantType = {
  DEVICE_CODE: 'urn:ietf:params:oauth:grant-type:device_code',
  AUTHORIZATION_CODE: 'authorization_code',
  REFRESH_TOKEN: 'refresh_token',
  JWT_BEARER: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  TOKEN_EXCHANGE: 'urn:ietf:params:oauth:grant-type:token-exchange',
} as const;
/** One of the {@link GrantType} values. */
export type GrantType = (typeof GrantType)[keyof typeof GrantType];

/** Token type URIs used by the token-exchange grant (RFC 8693). */
export const TokenType = {
  ACCESS_TOKEN: 'urn:ietf:params:oauth:token-type:access_token',
  REFRESH_TOKEN: 'urn:ietf:params:oauth:token-type:refresh_token',
  ID_TOKEN: 'urn:ietf:params:oauth:token-type:id_token',
  JWT: 'urn:ietf:params:oauth:token-type:jwt',
} as const;
/** One of the {@link TokenType} values. */
export type TokenType = (typeof TokenType)[keyof typeof TokenType];

/** An AWS account id: 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/**
 * A permission set (role) name as IAM Identity Center allows it: 1 to 32 of letters, digits and
 * `_+=,.@-` (the `Name` pattern of CreatePermissionSet in the IAM Identity Center API reference).
 */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,32}$/;

/** The registration scope that makes a session refreshable. */
export const DEFAULT_SCOPE = 'sso:account:access';
/** The only client type IAM Identity Center accepts. */
export const CLIENT_TYPE_PUBLIC = 'public';
/** RFC 8628 §3.5: seconds added to the polling interval on every `slow_down`. */
export const SLOW_DOWN_INCREMENT_SECONDS = 5;
/** RFC 8628 §3.2: polling interval when the server names none. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
/** The redirect URI a PKCE client registers: loopback, no port (any port matches). */
export const LOOPBACK_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
/** The header that carries the portal bearer token. */
export const BEARER_TOKEN_HEADER = 'x-amz-sso_bearer_token';
/** The header AWS uses to name the error type. */
export const ERROR_TYPE_HEADER = 'x-amzn-errortype';
/** The header AWS uses for the request id. */
export const REQUEST_ID_HEADER = 'x-amzn-requestid';
/** SigV4 signing name of CreateTokenWithIAM. */
export const OIDC_SIGNING_NAME = 'sso-oauth';

import type { CreateTokenResponse } from '@ssokit/protocol';
import { ErrorCode, SsokitError, withRedactedInspect } from '@ssokit/protocol/core';

/**
 * An access token as sso-oidc CreateToken gives it and the flows return it: absolute expiry,
 * optional refresh token. It is not yet a session: to cache it as AWS CLI v2 does, turn it into
 * token-core's `SsoToken` with `toSessionToken(session, token, registration)`, which keeps what a
 * refresh needs.
 *
 * @example
 * ```ts
 * const { token } = await deviceCodeFlow({ client, startUrl, onPrompt: (p) => console.error(p.userCode) });
 * console.log(token.expiresAt.toISOString());
 * ```
 */
export interface OidcToken {
  accessToken: string;
  /** When the access token stops working (computed from `expiresIn` at request time). */
  expiresAt: Date;
  /** Present when the registration asked for a refreshable session (`sso:account:access`). */
  refreshToken?: string;
  idToken?: string;
  tokenType?: string;
}

/**
 * The former name of {@link OidcToken}, which clashed with token-core's cache record `SsoToken`.
 *
 * @deprecated Use {@link OidcToken}.
 */
export type SsoToken = OidcToken;

/** Turns a CreateToken response into an {@link OidcToken}; `requestedAt` is when the request left. */
export function toOidcToken(response: CreateTokenResponse, requestedAt: number): OidcToken {
  if (!response.accessToken || typeof response.expiresIn !== 'number') {
    throw new SsokitError(
      ErrorCode.INVALID_RESPONSE,
      'sso-oidc CreateToken answered without accessToken or expiresIn; the endpoint may not be IAM Identity Center.',
    );
  }
  const token: OidcToken = {
    accessToken: response.accessToken,
    expiresAt: new Date(requestedAt + response.expiresIn * 1000),
  };
  if (response.refreshToken) token.refreshToken = response.refreshToken;
  if (response.idToken) token.idToken = response.idToken;
  if (response.tokenType) token.tokenType = response.tokenType;
  // console.log(token) shows the tokens redacted; JSON and property access keep them
  return withRedactedInspect(token);
}

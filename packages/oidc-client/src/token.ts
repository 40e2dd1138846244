import { type CreateTokenResponse, ErrorCode, SsokitError, withRedactedInspect } from '@ssokit/protocol';

/**
 * An SSO access token as the flows return it: absolute expiry, optional refresh token.
 *
 * @example
 * ```ts
 * const { token } = await deviceCodeFlow({ client, startUrl, onPrompt: (p) => console.error(p.userCode) });
 * console.log(token.expiresAt.toISOString());
 * ```
 */
export interface SsoToken {
  accessToken: string;
  /** When the access token stops working (computed from `expiresIn` at request time). */
  expiresAt: Date;
  /** Present when the registration asked for a refreshable session (`sso:account:access`). */
  refreshToken?: string;
  idToken?: string;
  tokenType?: string;
}

/** Turns a CreateToken response into an {@link SsoToken}; `requestedAt` is when the request left. */
export function toSsoToken(response: CreateTokenResponse, requestedAt: number): SsoToken {
  if (!response.accessToken || typeof response.expiresIn !== 'number') {
    throw new SsokitError(
      ErrorCode.INVALID_RESPONSE,
      'sso-oidc CreateToken answered without accessToken or expiresIn; the endpoint may not be IAM Identity Center.',
    );
  }
  const token: SsoToken = {
    accessToken: response.accessToken,
    expiresAt: new Date(requestedAt + response.expiresIn * 1000),
  };
  if (response.refreshToken) token.refreshToken = response.refreshToken;
  if (response.idToken) token.idToken = response.idToken;
  if (response.tokenType) token.tokenType = response.tokenType;
  // console.log(token) shows the tokens redacted; JSON and property access keep them
  return withRedactedInspect(token);
}

import { type Clock, GrantType, systemClock } from '@ssokit/protocol/core';
import type { SsoOidcClient } from './sso-oidc-client.js';
import { type OidcToken, toOidcToken } from './token.js';

/**
 * Options of {@link refreshToken}.
 */
export interface RefreshTokenOptions {
  client: SsoOidcClient;
  /** The registration the token was issued to. */
  registration: { clientId: string; clientSecret: string };
  refreshToken: string;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * Refreshes an SSO token: CreateToken with the `refresh_token` grant. When the response carries
 * no new refresh token the old one is kept (RFC 6749 §6); when it does, the old one is spent.
 *
 * @throws `ServiceError` `InvalidGrantException` when the refresh token was revoked, used or expired
 * (the person has to sign in again).
 *
 * @example
 * ```ts
 * const { token, registration } = await deviceCodeFlow({ client, startUrl, onPrompt: (p) => console.error(p.userCode) });
 * const fresh = await refreshToken({ client, registration, refreshToken: token.refreshToken! });
 * ```
 */
export async function refreshToken(opts: RefreshTokenOptions): Promise<OidcToken> {
  const clock = opts.clock ?? systemClock;
  const requestedAt = clock.now();
  const response = await opts.client.createToken(
    {
      clientId: opts.registration.clientId,
      clientSecret: opts.registration.clientSecret,
      grantType: GrantType.REFRESH_TOKEN,
      refreshToken: opts.refreshToken,
    },
    opts.signal ? { signal: opts.signal } : {},
  );
  const token = toOidcToken(response, requestedAt);
  // RFC 6749 §6: a response without a new refresh token leaves the old one valid
  token.refreshToken ??= opts.refreshToken;
  return token;
}

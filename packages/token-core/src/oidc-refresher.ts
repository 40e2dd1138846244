import type { SsoOidcClient } from '@ssokit/oidc-client';
import { checkEndpointMatchesStartUrl, ErrorCode, SsokitError } from '@ssokit/protocol/core';
import { type Clock, systemClock } from './deps.js';
import type { TokenRefresher } from './session-types.js';

/** Gives the sso-oidc client for a region. */
export type OidcClientFor = (region: string) => SsoOidcClient | Promise<SsoOidcClient>;

// The network stack (oidc-client, transport, undici) is loaded only when a refresh or a sign-in
// happens: reading a valid cached token, the common case, must stay cheap (credential_process).
/** @internal */
export const loadOidc = () => import('@ssokit/oidc-client');

/**
 * A {@link TokenRefresher} that refreshes through sso-oidc CreateToken (refresh_token grant), with
 * oidc-client's `refreshToken` (which keeps the old refresh token when the response has none).
 *
 * @example
 * ```ts
 * const manager = new SessionManager({ store, refresher: createOidcRefresher((region) => new SsoOidcClient({ region })) });
 * ```
 */
export function createOidcRefresher(clientFor: OidcClientFor, clock: Clock = systemClock): TokenRefresher {
  return async (session, token, signal) => {
    if (!token.refreshToken || !token.clientId || !token.clientSecret) {
      throw new SsokitError(
        ErrorCode.INVALID_INPUT,
        'the cached token has no refresh token or client registration',
      );
    }
    const { refreshToken } = await loadOidc();
    const client = await clientFor(session.region);
    checkEndpointMatchesStartUrl(session.startUrl, client.endpoint, 'sso-oidc');
    const fresh = await refreshToken({
      client,
      registration: { clientId: token.clientId, clientSecret: token.clientSecret },
      refreshToken: token.refreshToken,
      clock,
      ...(signal ? { signal } : {}),
    });
    return {
      ...token,
      accessToken: fresh.accessToken,
      expiresAt: fresh.expiresAt,
      refreshToken: fresh.refreshToken,
    };
  };
}

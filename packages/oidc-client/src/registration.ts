import type { RegisterClientRequest, RegisterClientResponse } from '@ssokit/protocol';
import {
  CLIENT_TYPE_PUBLIC,
  DEFAULT_SCOPE,
  ErrorCode,
  GrantType,
  LOOPBACK_REDIRECT_URI,
  SsokitError,
  withRedactedInspect,
} from '@ssokit/protocol/core';

/** The two interactive sign-in flows. */
export type LoginFlow = 'device-code' | 'pkce';

/**
 * A client registration (RegisterClient result) in the shape the caches keep.
 *
 * @example
 * ```ts
 * const reg: ClientRegistration = { clientId, clientSecret, expiresAt: new Date('2026-03-01T00:00:00Z') };
 * ```
 */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** When the client secret stops working; register again before then. */
  expiresAt: Date;
  scopes?: string[];
  grantTypes?: string[];
}

/**
 * Options of {@link registrationInputFor}.
 */
export interface RegistrationInputOptions {
  /** Default `ssokit`. */
  clientName?: string;
  /** Default `['sso:account:access']` (a refreshable session). Pass `[]` for none. */
  scopes?: string[];
  /** The start URL; required by IAM Identity Center for the PKCE flow. */
  issuerUrl?: string;
}

/**
 * The RegisterClient input for a flow, as AWS CLI v2 sends it. Device code: client name, type
 * and scopes only (the CLI sends no grant types, and the service then allows the device grant).
 * PKCE: grant types `authorization_code` + `refresh_token`, the port-less loopback redirect URI
 * and the start URL as issuer.
 *
 * @example
 * ```ts
 * const input = registrationInputFor('pkce', { issuerUrl: 'https://d-1234567890.awsapps.com/start' });
 * const reg = await client.registerClient(input);
 * ```
 */
export function registrationInputFor(
  flow: LoginFlow,
  opts: RegistrationInputOptions = {},
): RegisterClientRequest {
  const input: RegisterClientRequest = {
    clientName: opts.clientName ?? 'ssokit',
    clientType: CLIENT_TYPE_PUBLIC,
  };
  const scopes = opts.scopes ?? [DEFAULT_SCOPE];
  if (scopes.length > 0) input.scopes = [...scopes];
  if (flow === 'pkce') {
    input.grantTypes = [GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN];
    input.redirectUris = [LOOPBACK_REDIRECT_URI];
    if (opts.issuerUrl !== undefined) input.issuerUrl = opts.issuerUrl;
  }
  return input;
}

/**
 * Turns a RegisterClient response (and the input it answered) into a {@link ClientRegistration}.
 *
 * @example
 * ```ts
 * const input = registrationInputFor('device-code');
 * const registration = toClientRegistration(await client.registerClient(input), input);
 * ```
 */
export function toClientRegistration(
  response: RegisterClientResponse,
  input: RegisterClientRequest,
): ClientRegistration {
  const { clientId, clientSecret, clientSecretExpiresAt } = response;
  if (!clientId || !clientSecret || typeof clientSecretExpiresAt !== 'number') {
    throw new SsokitError(
      ErrorCode.INVALID_RESPONSE,
      'sso-oidc RegisterClient answered without clientId, clientSecret or clientSecretExpiresAt; check the endpoint.',
    );
  }
  const out: ClientRegistration = {
    clientId,
    clientSecret,
    expiresAt: new Date(clientSecretExpiresAt * 1000),
  };
  if (input.scopes) out.scopes = [...input.scopes];
  if (input.grantTypes) out.grantTypes = [...input.grantTypes];
  // console.log(registration) shows clientSecret redacted; JSON and property access keep it
  return withRedactedInspect(out);
}

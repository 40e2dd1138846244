import { checkEndpointMatchesStartUrl, ValidationError, validateStartUrl } from '@ssokit/protocol/core';
import { isTransportError } from '@ssokit/transport';
import { LoginError, LoginErrorCode } from './errors.js';
import {
  type ClientRegistration,
  type LoginFlow,
  registrationInputFor,
  toClientRegistration,
} from './registration.js';
import type { SsoOidcClient } from './sso-oidc-client.js';

/**
 * A registration, or a function that produces one (e.g. read from a cache; `undefined` means
 * none). The flows register a new client when it is missing or expires within a minute.
 *
 * @example
 * ```ts
 * const cache = new RegistrationCache();
 * const key = { region: 'eu-west-1', startUrl, sessionName: 'work', scopes: ['sso:account:access'] };
 * const registration: RegistrationSource = async () => cache.get(key, { grantTypes: ['authorization_code', 'refresh_token'] });
 * await authorizationCodeFlow({ client, startUrl, registration });
 * ```
 */
export type RegistrationSource = ClientRegistration | (() => Promise<ClientRegistration | undefined>);

const FLOW_FUNCTION: Record<LoginFlow, string> = {
  'device-code': 'deviceCodeFlow',
  pkce: 'authorizationCodeFlow',
};

/**
 * The checks every sign-in flow makes before its first request, so a mistake fails at once with a
 * {@link ValidationError} instead of reaching the service (or failing half-way).
 */
export function validateFlowOptions(
  flow: LoginFlow,
  opts: { client?: unknown; startUrl?: unknown },
  callbacks: Record<string, { value: unknown; required: boolean; example: string }> = {},
): void {
  const fn = FLOW_FUNCTION[flow];
  if (typeof (opts.client as SsoOidcClient | undefined)?.createToken !== 'function') {
    throw new ValidationError(
      `${fn} needs \`client\`: an SsoOidcClient, e.g. new SsoOidcClient({ region: 'us-east-1' }).`,
      { member: 'client' },
    );
  }
  validateStartUrl(opts.startUrl, 'startUrl');
  checkEndpointMatchesStartUrl(opts.startUrl, (opts.client as SsoOidcClient).endpoint, 'sso-oidc');
  for (const [member, { value, required, example }] of Object.entries(callbacks)) {
    if (value === undefined && !required) continue;
    if (typeof value !== 'function') {
      throw new ValidationError(
        `${fn} needs \`${member}\` to be a function${required ? '' : ' when given'}, e.g. ${example}.`,
        { member },
      );
    }
  }
}

/** Uses the given registration while it has at least a minute left; registers a new one otherwise. */
export async function resolveRegistration(opts: {
  client: SsoOidcClient;
  flow: LoginFlow;
  registration: RegistrationSource | undefined;
  scopes: string[] | undefined;
  clientName: string | undefined;
  issuerUrl: string | undefined;
  now: number;
  signal: AbortSignal | undefined;
}): Promise<ClientRegistration> {
  const given = typeof opts.registration === 'function' ? await opts.registration() : opts.registration;
  if (given && given.expiresAt.getTime() - opts.now > 60_000) return given;
  const input = registrationInputFor(opts.flow, {
    ...(opts.clientName !== undefined ? { clientName: opts.clientName } : {}),
    ...(opts.scopes !== undefined ? { scopes: opts.scopes } : {}),
    ...(opts.issuerUrl !== undefined ? { issuerUrl: opts.issuerUrl } : {}),
  });
  const response = await opts.client.registerClient(input, opts.signal ? { signal: opts.signal } : {});
  return toClientRegistration(response, input);
}

/** Every abort, wherever it hit (request, sleep, callback wait), becomes one LoginError. */
export function abortError(flow: LoginFlow, cause?: unknown): LoginError {
  return new LoginError(LoginErrorCode.ABORTED, 'The sign-in was cancelled.', { flow, cause });
}

export function throwIfAborted(flow: LoginFlow, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(flow, signal.reason);
}

/** Maps an abort from transport or the clock to {@link abortError}; passes anything else through. */
export function normaliseAbort(flow: LoginFlow, e: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted || isTransportError(e, 'ERR_SSOKIT_ABORTED')) return abortError(flow, e);
  return e;
}

import type { ServiceName } from './binding.js';

/** One entry of the service error catalogue ([design notes, Wire protocol](../../../apps/docs/guides/design.md#wire-protocol)). */
export interface ServiceErrorSpec<Name extends string = string> {
  /** The AWS error name, as in `x-amzn-errortype`. */
  readonly name: Name;
  readonly service: ServiceName;
  /** The HTTP status AWS answers with. */
  readonly status: number;
  /** The OAuth `error` code in the body (sso-oidc only). */
  readonly oauthError?: string;
  /** Whether the caller (client) or the service (server) is at fault. */
  readonly fault: 'client' | 'server';
  /** Whether generic retry logic may repeat the request. */
  readonly retryable: boolean;
  /** Whether it is a throttling error (longer backoff base). */
  readonly throttling: boolean;
}

const oidc = <Name extends string>(
  name: Name,
  status: number,
  oauthError?: string,
  extra: Partial<Omit<ServiceErrorSpec, 'name'>> = {},
): ServiceErrorSpec<Name> => ({
  name,
  service: 'sso-oidc',
  status,
  ...(oauthError === undefined ? {} : { oauthError }),
  fault: status >= 500 ? 'server' : 'client',
  retryable: false,
  throttling: false,
  ...extra,
});
const portal = <Name extends string>(
  name: Name,
  status: number,
  extra: Partial<Omit<ServiceErrorSpec, 'name'>> = {},
): ServiceErrorSpec<Name> => ({
  name,
  service: 'sso',
  status,
  fault: status >= 500 ? 'server' : 'client',
  retryable: false,
  throttling: false,
  ...extra,
});

/**
 * Every error the two services answer with. `AuthorizationPendingException` and
 * `SlowDownException` are not retryable: the device-flow poller owns them.
 */
export const SERVICE_ERRORS = Object.freeze([
  oidc('AccessDeniedException', 400, 'access_denied'),
  oidc('AuthorizationPendingException', 400, 'authorization_pending'),
  oidc('ExpiredTokenException', 400, 'expired_token'),
  oidc('InvalidClientMetadataException', 400, 'invalid_client_metadata'),
  oidc('InvalidGrantException', 400, 'invalid_grant'),
  oidc('InvalidRedirectUriException', 400, 'invalid_redirect_uri'),
  oidc('InvalidRequestException', 400, 'invalid_request'),
  oidc('InvalidRequestRegionException', 400, 'invalid_request'),
  oidc('InvalidScopeException', 400, 'invalid_scope'),
  oidc('SlowDownException', 400, 'slow_down'),
  oidc('UnauthorizedClientException', 400, 'unauthorized_client'),
  oidc('UnsupportedGrantTypeException', 400, 'unsupported_grant_type'),
  oidc('InvalidClientException', 401, 'invalid_client'),
  oidc('InternalServerException', 500, 'server_error', { retryable: true }),
  portal('InvalidRequestException', 400),
  portal('UnauthorizedException', 401),
  portal('ResourceNotFoundException', 404),
  portal('TooManyRequestsException', 429, { retryable: true, throttling: true }),
] as const);

/**
 * The names of every catalogued error (18 entries, 17 distinct names), as a union: a misspelt
 * name passed to `isServiceError(err, name)` does not compile.
 */
export type ServiceErrorName = (typeof SERVICE_ERRORS)[number]['name'];

/**
 * Looks up a catalogue entry by service and name.
 *
 * @example
 * ```ts
 * findServiceError('sso-oidc', 'SlowDownException')?.oauthError; // 'slow_down'
 * ```
 */
export function findServiceError(service: ServiceName, name: string): ServiceErrorSpec | undefined {
  return SERVICE_ERRORS.find((e) => e.service === service && e.name === name);
}

/**
 * Looks up an sso-oidc catalogue entry by its OAuth `error` code.
 *
 * @example
 * ```ts
 * findOAuthError('authorization_pending')?.name; // 'AuthorizationPendingException'
 * ```
 */
export function findOAuthError(oauthError: string): ServiceErrorSpec | undefined {
  return SERVICE_ERRORS.find((e) => e.service === 'sso-oidc' && e.oauthError === oauthError);
}

/**
 * Normalises an `x-amzn-errortype` header value: AWS may append `:<namespace URI>`.
 *
 * @example
 * ```ts
 * parseErrorTypeHeader('SlowDownException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/'); // 'SlowDownException'
 * ```
 */
export function parseErrorTypeHeader(value: string): string {
  const noSuffix = value.split(':')[0] ?? value;
  // `__type` values may be namespaced with '#': `com.amazonaws.sso#UnauthorizedException`
  const hash = noSuffix.lastIndexOf('#');
  return (hash >= 0 ? noSuffix.slice(hash + 1) : noSuffix).trim();
}

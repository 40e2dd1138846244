import type { Clock, Logger } from '@ssokit/protocol/core';
import { resolveEndpoint, type ServiceName, ValidationError, validateRegion } from '@ssokit/protocol/core';
import type { Dispatcher } from 'undici';
import type { RetryOptions } from './retry.js';

/**
 * The settings every ssokit service client takes (`SsoOidcClient`, `SsoPortalClient`). Give a
 * `region`, an `endpoint`, or both.
 */
export interface ServiceClientOptions {
  /** The IAM Identity Center region (`sso_region`); picks the regional endpoint. */
  region?: string | undefined;
  /** An explicit endpoint; wins over the environment and the region ([design notes, Endpoints](../../../apps/docs/guides/design.md#endpoints)). Plain `http://` only to loopback. */
  endpoint?: string | undefined;
  /** Environment for the `AWS_ENDPOINT_URL_*` overrides. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Use the FIPS endpoint of the region. */
  fips?: boolean | undefined;
  /**
   * Where requests go (e.g. a `MockAgent` or a `ProxyAgent`). Default: `createDefaultDispatcher()`
   * (HTTPS_PROXY / HTTP_PROXY / NO_PROXY; loopback never proxied), which the client closes.
   */
  dispatcher?: Dispatcher | undefined;
  /** Timeout of each attempt, ms. Default 15000. */
  timeoutMs?: number | undefined;
  /** Retries of one call ([design notes, Retries](../../../apps/docs/guides/design.md#retries)). Default: 3 attempts, full-jitter backoff. */
  retry?: RetryOptions | undefined;
  clock?: Clock | undefined;
  /** Debug trace of each attempt, secrets redacted. */
  logger?: Logger | undefined;
  /** Numbers in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: (() => number) | undefined;
}

const ENV_OVERRIDE: Record<ServiceName, string> = {
  'sso-oidc': 'AWS_ENDPOINT_URL_SSO_OIDC',
  sso: 'AWS_ENDPOINT_URL_SSO',
  sts: 'AWS_ENDPOINT_URL_STS',
  signin: 'AWS_ENDPOINT_URL_SIGNIN',
};

/**
 * The endpoint a service client talks to: an override (option, service variable,
 * `AWS_ENDPOINT_URL`) or the region's default. Throws a {@link ValidationError} naming the client
 * when there is neither a valid region nor an override.
 *
 * @example
 * ```ts
 * resolveServiceEndpoint('sso', { region: 'eu-west-1' }, 'SsoPortalClient'); // 'https://portal.sso.eu-west-1.amazonaws.com'
 * ```
 */
export function resolveServiceEndpoint(
  service: ServiceName,
  options: ServiceClientOptions,
  clientName: string,
): string {
  if (options.region !== undefined) validateRegion(options.region);
  const env = options.env ?? process.env;
  const hasOverride = !!options.endpoint || !!env[ENV_OVERRIDE[service]] || !!env['AWS_ENDPOINT_URL'];
  if (options.region === undefined && !hasOverride) {
    throw new ValidationError(
      `${clientName} needs a region (the sso_region of your IAM Identity Center) or an endpoint.`,
      { member: 'region' },
    );
  }
  return resolveEndpoint({
    service,
    // only the regional default needs the region; an override ignores it
    region: options.region ?? 'us-east-1',
    endpoint: options.endpoint,
    env,
    fips: options.fips,
  });
}

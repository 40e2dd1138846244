import {
  consolePartition,
  type EndpointOverrides,
  ERROR_BRAND,
  errorBrand,
  isErrorOf,
  ProviderErrorCode,
  redactUrl,
  resolveEndpoint,
  SsokitError,
  type SsokitErrorOptions,
  validateRegion,
} from '@ssokit/protocol/core';
import type { ServiceClientOptions } from '@ssokit/transport';

/** How long AWS accepts a sign-in token (AWS documentation: "valid for 15 minutes after issue"). */
export const SIGNIN_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const DEFAULT_ISSUER = 'ssokit';
const SERVICE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The codes of {@link ConsoleSignInError}. */
export type ConsoleSignInErrorCode =
  | typeof ProviderErrorCode.CONSOLE_DESTINATION
  | typeof ProviderErrorCode.CONSOLE_SIGNIN_REFUSED;

/**
 * A console sign-in URL could not be made: the destination is not on the partition's console
 * (`ProviderErrorCode.CONSOLE_DESTINATION`), or sign-in federation refused the credentials
 * (`ProviderErrorCode.CONSOLE_SIGNIN_REFUSED`, with the answer's status and request id as `cause`). Network
 * failures stay the transport's errors. Never holds the credentials or a sign-in token.
 *
 * @example
 * ```ts
 * try { await resolveConsoleSignInUrl({ credentials, destination: 'https://example.com/' }); }
 * catch (e) { if (isConsoleSignInError(e)) console.error(e.code, e.message); }
 * ```
 */
export class ConsoleSignInError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/credential-provider/ConsoleSignInError');
  declare readonly code: ConsoleSignInErrorCode;
  constructor(code: ConsoleSignInErrorCode, message: string, options: SsokitErrorOptions = {}) {
    super(code, message, options);
  }
}

/**
 * Whether `value` is a {@link ConsoleSignInError} from any copy of this package, optionally with `code`.
 *
 * @example
 * ```ts
 * if (isConsoleSignInError(err, ProviderErrorCode.CONSOLE_SIGNIN_REFUSED)) console.error('get new credentials');
 * ```
 */
export function isConsoleSignInError(
  value: unknown,
  code?: ConsoleSignInErrorCode,
): value is ConsoleSignInError {
  return isErrorOf(ConsoleSignInError, value, code);
}

/** Temporary role credentials (long-term keys cannot sign in through federation). */
export interface ConsoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** Options of {@link resolveConsoleSignInUrl}. */
export interface ConsoleSignInUrlOptions
  extends Pick<ServiceClientOptions, 'dispatcher' | 'timeoutMs' | 'retry' | 'clock' | 'logger' | 'random'>,
    Pick<EndpointOverrides, 'servicesSection' | 'profileEndpointUrl'> {
  /** Role credentials, e.g. from `fromSso()` or `ssokit credentials`. */
  credentials: ConsoleCredentials;
  /**
   * Where the console opens: a service name (`s3` → `https://console.aws.amazon.com/s3/home?region=…`)
   * or a URL of the partition's console. Default: the console home of `region`.
   */
  destination?: string | undefined;
  /** The region the console opens in; it also picks the partition. Default `us-east-1`. */
  region?: string | undefined;
  /** Shown by AWS when the console session ends (`Issuer`). Default `ssokit`. */
  issuer?: string | undefined;
  /**
   * The federation endpoint; wins over `AWS_ENDPOINT_URL_SIGNIN`, `AWS_ENDPOINT_URL`, the
   * `[services]` key `signin` and the profile's `endpoint_url`. Default: the partition's sign-in host.
   */
  endpoint?: string | undefined;
  /** Environment for the `AWS_ENDPOINT_URL_*` overrides. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * A console sign-in URL. `url` holds a sign-in token: anyone who opens it before `expiresAt`
 * is signed in as the role. `util.inspect()` shows it with its query redacted.
 */
export interface ConsoleSignInUrl {
  /** The `…/federation?Action=login&…&SigninToken=…` URL to open in a browser. */
  url: string;
  /** The console page it lands on. */
  destination: string;
  /** The region it opens in. */
  region: string;
  /** When the sign-in token stops working (15 minutes after it was issued). */
  expiresAt: Date;
}

/**
 * The console URL a destination names: a service name becomes that service's home in `region`;
 * a URL must be `https://` on the partition's console host (or a regional subdomain of it).
 *
 * @example
 * ```ts
 * resolveConsoleDestination('s3', 'eu-west-1'); // 'https://console.aws.amazon.com/s3/home?region=eu-west-1'
 * resolveConsoleDestination(undefined, 'cn-north-1'); // 'https://console.amazonaws.cn/console/home?region=cn-north-1'
 * ```
 */
export function resolveConsoleDestination(destination: string | undefined, region: string): string {
  validateRegion(region);
  const { consoleHost, partition } = consolePartition(region);
  const q = `region=${encodeURIComponent(region)}`;
  if (destination === undefined || destination === '') return `https://${consoleHost}/console/home?${q}`;
  if (SERVICE_NAME.test(destination)) return `https://${consoleHost}/${destination}/home?${q}`;
  let url: URL | undefined;
  try {
    url = new URL(destination);
  } catch {
    url = undefined;
  }
  const host = url?.hostname.toLowerCase();
  if (
    url?.protocol !== 'https:' ||
    url.username ||
    url.password ||
    (host !== consoleHost && !host?.endsWith(`.${consoleHost}`))
  )
    throw new ConsoleSignInError(
      ProviderErrorCode.CONSOLE_DESTINATION,
      `The console destination "${redactUrl(destination)}" is neither a service name (like s3 or ec2) nor an https:// URL of the ${partition} console (${consoleHost}).`,
    );
  return url.href;
}

/**
 * Turns role credentials into a console sign-in URL through AWS sign-in federation
 * (AWS documentation, "Enable custom identity broker access to the AWS console"): it calls
 * `getSigninToken` on the partition's sign-in endpoint (or an override, such as the ssokit
 * emulator) with the injectable dispatcher and the usual retries, then builds the `login` URL
 * with the destination. The credentials and the token never reach a log or an error.
 *
 * @throws {@link ConsoleSignInError} for a bad destination or credentials federation refused.
 * @throws `TransportError` when the endpoint cannot be reached or answers something else.
 *
 * @example
 * ```ts
 * import { fromSso, resolveConsoleSignInUrl } from '@ssokit/credential-provider';
 *
 * const credentials = await fromSso({ profile: 'dev' })();
 * const { url, expiresAt } = await resolveConsoleSignInUrl({ credentials, destination: 's3', region: 'eu-west-1' });
 * // open `url` in a browser before `expiresAt`
 * ```
 */
export async function resolveConsoleSignInUrl(options: ConsoleSignInUrlOptions): Promise<ConsoleSignInUrl> {
  const region = options.region ?? 'us-east-1';
  const destination = resolveConsoleDestination(options.destination, region);
  const { accessKeyId, secretAccessKey, sessionToken } = options.credentials;
  if (!sessionToken)
    throw new ConsoleSignInError(
      ProviderErrorCode.CONSOLE_SIGNIN_REFUSED,
      'Console sign-in needs temporary credentials with a session token (role credentials); long-term access keys cannot sign in to the console this way.',
    );
  const endpoint = resolveEndpoint({
    service: 'signin',
    region,
    endpoint: options.endpoint,
    env: options.env ?? process.env,
    servicesSection: options.servicesSection,
    profileEndpointUrl: options.profileEndpointUrl,
  });
  // loaded here, not with the package: the credential path must not load zod and undici
  const [{ GetSigninToken }, { isServiceError, Transport }] = await Promise.all([
    import('@ssokit/protocol'),
    import('@ssokit/transport'),
  ]);
  const transport = new Transport({
    endpoint,
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.random === undefined ? {} : { random: options.random }),
  });
  const signinSession = JSON.stringify({ sessionId: accessKeyId, sessionKey: secretAccessKey, sessionToken });
  const issuedAt = (options.clock ?? Date).now();
  let signinToken: string;
  try {
    const out = await transport.send(
      GetSigninToken,
      { signinSession },
      options.signal === undefined ? {} : { signal: options.signal },
    );
    signinToken = out.SigninToken;
  } catch (e) {
    if (isServiceError(e) && e.status >= 400 && e.status < 500 && e.status !== 429)
      throw new ConsoleSignInError(
        ProviderErrorCode.CONSOLE_SIGNIN_REFUSED,
        `AWS sign-in federation (${endpoint}) refused the credentials (HTTP ${e.status}): they may have expired, or not be role credentials. Get fresh ones (ssokit credentials) and try again.`,
        // not the service error itself: its body may echo the credentials, which it cannot scrub
        // (they travel inside one JSON value)
        { cause: { name: e.name, status: e.status, requestId: e.requestId } },
      );
    throw e;
  } finally {
    await transport.close();
  }
  const query = [
    'Action=login',
    `Issuer=${encodeURIComponent(options.issuer ?? DEFAULT_ISSUER)}`,
    `Destination=${encodeURIComponent(destination)}`,
    `SigninToken=${encodeURIComponent(signinToken)}`,
  ].join('&');
  const result: ConsoleSignInUrl = {
    url: `${endpoint}/federation?${query}`,
    destination,
    region,
    expiresAt: new Date(issuedAt + SIGNIN_TOKEN_LIFETIME_MS),
  };
  Object.defineProperty(result, Symbol.for('nodejs.util.inspect.custom'), {
    value(this: ConsoleSignInUrl) {
      return { ...this, url: redactUrl(this.url) };
    },
    enumerable: false,
  });
  return result;
}

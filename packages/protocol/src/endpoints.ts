import type { ServiceName } from './binding.js';
import { ValidationError } from './ssokit-error.js';

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * Throws a {@link ValidationError} unless `region` looks like an AWS region (`us-east-1`).
 *
 * @example
 * ```ts
 * validateRegion('eu-west-1'); // ok
 * validateRegion('eu_west_1'); // throws: Region "eu_west_1" is not a valid AWS region ...
 * ```
 */
export function validateRegion(region: unknown, member = 'region'): asserts region is string {
  if (typeof region !== 'string' || region.length === 0) {
    throw new ValidationError(
      `${member} is required: set it to the AWS region of IAM Identity Center, e.g. "us-east-1".`,
      { member },
    );
  }
  if (!REGION_RE.test(region)) {
    const detail = `Region "${region}" is not a valid AWS region (expected something like "us-east-1")`;
    throw new ValidationError(`${detail}. Check ${member} (sso_region in ~/.aws/config).`, {
      member,
      detail,
    });
  }
}

/** Whether `host` is a loopback address, where plain `http://` is allowed. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Parses and checks an endpoint URL: absolute, `https:` (or `http:` to loopback only), no user
 * info, query or fragment. Returns it without a trailing slash.
 *
 * @example
 * ```ts
 * validateEndpointUrl('http://127.0.0.1:4566/'); // 'http://127.0.0.1:4566'
 * ```
 */
export function validateEndpointUrl(value: string, member = 'endpoint'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(
      `${member} "${value}" is not a valid URL (expected e.g. "https://oidc.us-east-1.amazonaws.com").`,
      { member },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ValidationError(`${member} "${value}" must use https://.`, { member });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ValidationError(
      `${member} "${value}" uses plain http:// to a non-loopback host; use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost).`,
      { member },
    );
  }
  if (url.username || url.password) {
    throw new ValidationError(`${member} must not contain a user name or password.`, { member });
  }
  if (url.search || url.hash) {
    throw new ValidationError(`${member} "${value}" must not contain a query or fragment.`, { member });
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * Throws a {@link ValidationError} unless `startUrl` is an IAM Identity Center start URL (an
 * absolute https URL, such as `https://d-1234567890.awsapps.com/start`).
 *
 * @example
 * ```ts
 * validateStartUrl('https://my-org.awsapps.com/start');
 * ```
 */
export function validateStartUrl(startUrl: unknown, member = 'startUrl'): asserts startUrl is string {
  if (typeof startUrl !== 'string' || startUrl.length === 0) {
    throw new ValidationError(
      `${member} is required: the AWS access portal URL, e.g. "https://my-org.awsapps.com/start".`,
      { member },
    );
  }
  // URL parsing silently drops tabs and line breaks, so the text is checked as given: a start URL
  // is written into config files and token caches, where a line break would start a new line.
  if (/[\s\u0000-\u001f\u007f-\u009f]/.test(startUrl)) {
    throw new ValidationError(
      `${member} holds a space, line break or control character; copy the AWS access portal URL again, e.g. "https://my-org.awsapps.com/start".`,
      { member },
    );
  }
  let url: URL;
  try {
    url = new URL(startUrl);
  } catch {
    throw new ValidationError(
      `${member} "${startUrl}" is not a URL; copy the AWS access portal URL from IAM Identity Center, e.g. "https://my-org.awsapps.com/start".`,
      { member },
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ValidationError(`${member} "${startUrl}" must start with https://.`, { member });
  }
  if (url.username || url.password) {
    throw new ValidationError(`${member} must not contain a user name or password.`, { member });
  }
}

/** DNS suffix of the partition a region belongs to. */
export function partitionDnsSuffix(region: string): string {
  validateRegion(region);
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-iso')) {
    throw new ValidationError(
      `Region "${region}" is in an isolated partition that ssokit has no default endpoint for; pass an explicit endpoint.`,
      { member: 'region' },
    );
  }
  return 'amazonaws.com';
}

/** The hosts AWS sign-in federation and the AWS Management Console use in one partition. */
export interface ConsolePartition {
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  /** The federation endpoint's host, e.g. `signin.aws.amazon.com`. */
  signinHost: string;
  /** The console's host, e.g. `console.aws.amazon.com`. */
  consoleHost: string;
}

const CONSOLE_PARTITIONS: Record<ConsolePartition['partition'], ConsolePartition> = {
  aws: { partition: 'aws', signinHost: 'signin.aws.amazon.com', consoleHost: 'console.aws.amazon.com' },
  'aws-cn': { partition: 'aws-cn', signinHost: 'signin.amazonaws.cn', consoleHost: 'console.amazonaws.cn' },
  'aws-us-gov': {
    partition: 'aws-us-gov',
    signinHost: 'signin.amazonaws-us-gov.com',
    consoleHost: 'console.amazonaws-us-gov.com',
  },
};

/**
 * The sign-in and console hosts of the partition `region` belongs to (AWS documentation, "Enable
 * custom identity broker access to the AWS console"). Throws a {@link ValidationError} for a
 * malformed region or an isolated partition, which has no public console.
 *
 * @example
 * ```ts
 * consolePartition('eu-west-1').consoleHost;      // 'console.aws.amazon.com'
 * consolePartition('cn-north-1').signinHost;      // 'signin.amazonaws.cn'
 * consolePartition('us-gov-west-1').partition;    // 'aws-us-gov'
 * ```
 */
export function consolePartition(region: string): ConsolePartition {
  if (partitionDnsSuffix(region) === 'amazonaws.com.cn') return CONSOLE_PARTITIONS['aws-cn'];
  return region.startsWith('us-gov-') ? CONSOLE_PARTITIONS['aws-us-gov'] : CONSOLE_PARTITIONS.aws;
}

/** Sources of an endpoint override, in the order they win ([design notes, Endpoints](../../../apps/docs/guides/design.md#endpoints)). */
export interface EndpointOverrides {
  /** An explicit endpoint option (wins over everything). */
  endpoint?: string | undefined;
  /** Environment to read `AWS_ENDPOINT_URL_SSO_OIDC` / `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL_STS` / `AWS_ENDPOINT_URL_SIGNIN` / `AWS_ENDPOINT_URL` from. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * The `[services NAME]` section selected by the profile's `services = NAME`, as parsed by the
   * shared-ini loader: keys `sso_oidc` / `sso` / `sts` / `signin` with nested `endpoint_url`. Both the nested object
   * form and the flattened `sso_oidc.endpoint_url` form are accepted.
   */
  servicesSection?: Readonly<Record<string, unknown>> | undefined;
  /** The profile's own `endpoint_url`. */
  profileEndpointUrl?: string | undefined;
}

/** Options of {@link resolveEndpoint}. */
export interface ResolveEndpointOptions extends EndpointOverrides {
  service: ServiceName;
  region: string;
  /** Use the FIPS endpoint (sign-in federation has none: ignored for `signin`). */
  fips?: boolean | undefined;
}

const SERVICE_KEYS: Record<ServiceName, { env: string; config: string; host: string; fipsHost: string }> = {
  'sso-oidc': { env: 'AWS_ENDPOINT_URL_SSO_OIDC', config: 'sso_oidc', host: 'oidc', fipsHost: 'oidc-fips' },
  sso: { env: 'AWS_ENDPOINT_URL_SSO', config: 'sso', host: 'portal.sso', fipsHost: 'portal.sso-fips' },
  // regional, as botocore 1.43 and AWS SDK v3 resolve it by default (no global sts.amazonaws.com)
  sts: { env: 'AWS_ENDPOINT_URL_STS', config: 'sts', host: 'sts', fipsHost: 'sts-fips' },
  // one global endpoint per partition: the default comes from consolePartition, not these hosts
  signin: { env: 'AWS_ENDPOINT_URL_SIGNIN', config: 'signin', host: 'signin', fipsHost: 'signin' },
};

/**
 * The environment variable that overrides one service's endpoint (`AWS_ENDPOINT_URL_SSO_OIDC`,
 * `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SIGNIN`); `AWS_ENDPOINT_URL` overrides them all.
 *
 * @example
 * ```ts
 * endpointEnvVariable('signin'); // 'AWS_ENDPOINT_URL_SIGNIN'
 * ```
 */
export function endpointEnvVariable(service: ServiceName): string {
  return SERVICE_KEYS[service].env;
}

/** The key of one service in a `[services NAME]` section (`sso_oidc`, `sso`, `sts`, `signin`). @internal */
export function endpointConfigKey(service: ServiceName): string {
  return SERVICE_KEYS[service].config;
}

function fromServicesSection(
  section: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  if (!section) return undefined;
  const nested = section[key];
  if (nested && typeof nested === 'object') {
    const v = (nested as Record<string, unknown>)['endpoint_url'];
    if (typeof v === 'string' && v) return v;
  }
  const flat = section[`${key}.endpoint_url`];
  return typeof flat === 'string' && flat ? flat : undefined;
}

/**
 * Resolves the endpoint URL of a service: overrides first (explicit option; service env var;
 * `AWS_ENDPOINT_URL`; `[services]` config; profile `endpoint_url`), then the regional default.
 * Pure: pass the environment and config you want honoured.
 *
 * @example
 * ```ts
 * resolveEndpoint({ service: 'sso-oidc', region: 'us-east-1' }); // 'https://oidc.us-east-1.amazonaws.com'
 * resolveEndpoint({ service: 'sso', region: 'cn-north-1' });     // 'https://portal.sso.cn-north-1.amazonaws.com.cn'
 * resolveEndpoint({ service: 'sso', region: 'us-east-1', env: { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9000' } });
 * resolveEndpoint({ service: 'sts', region: 'eu-west-1' });      // 'https://sts.eu-west-1.amazonaws.com'
 * resolveEndpoint({ service: 'signin', region: 'cn-north-1' });  // 'https://signin.amazonaws.cn'
 * ```
 */
export function resolveEndpoint(options: ResolveEndpointOptions): string {
  const keys = SERVICE_KEYS[options.service];
  const candidates: Array<[string | undefined, string]> = [
    [options.endpoint, 'endpoint'],
    [options.env?.[keys.env], keys.env],
    [options.env?.['AWS_ENDPOINT_URL'], 'AWS_ENDPOINT_URL'],
    [fromServicesSection(options.servicesSection, keys.config), `[services] ${keys.config}.endpoint_url`],
    [options.profileEndpointUrl, 'endpoint_url'],
  ];
  for (const [value, member] of candidates) {
    if (value !== undefined && value !== '') return validateEndpointUrl(value, member);
  }
  // sign-in federation is global: one host per partition
  if (options.service === 'signin') return `https://${consolePartition(options.region).signinHost}`;
  const suffix = partitionDnsSuffix(options.region);
  const host = options.fips ? keys.fipsHost : keys.host;
  return `https://${host}.${options.region}.${suffix}`;
}

import {
  ACCOUNT_ID_PATTERN,
  type EndpointOverrides,
  validateRegion,
  validateStartUrl,
} from '@ssokit/protocol/core';
import {
  type Fail,
  failFor,
  invalidValue,
  misspelledKeys,
  namesThere,
  requireSessionKeys,
} from './config-checks.js';
import { ProfileConfigError } from './errors.js';
import {
  andList,
  configValue,
  type LoadedConfig,
  loadConfig,
  parseScopes,
  profileNames,
  SERVICES_PREFIX,
  type SharedConfigOptions,
  SSO_SESSION_PREFIX,
  sectionOf,
  ssoSessionNames,
} from './shared-config.js';

/** Options of {@link resolveSsoProfile}. */
export interface ResolveSsoProfileOptions extends SharedConfigOptions {
  /** The profile; default `AWS_PROFILE`, else `default`. */
  profile?: string | undefined;
}

/** An SSO profile of the shared config, checked and with its `[sso-session]` merged in. */
export interface ResolvedSsoProfile {
  /** The profile's name. */
  profileName: string;
  /** `sso-session`: the profile names an `[sso-session]` (refreshable); `legacy`: everything is in the profile. */
  kind: 'sso-session' | 'legacy';
  /** The `[sso-session NAME]` the profile uses; absent for legacy profiles. */
  ssoSession?: string | undefined;
  /** The AWS access portal URL. */
  startUrl: string;
  /** The region of IAM Identity Center. */
  region: string;
  /** The 12-digit account to get role credentials for. */
  accountId: string;
  /** The permission set (role) to get credentials for. */
  roleName: string;
  /** `sso_registration_scopes` of the session, split on commas; absent when not set. */
  scopes?: string[] | undefined;
  /** Whether the session's token can be refreshed (true for sso-session profiles only). */
  refreshable: boolean;
  /**
   * Endpoint overrides for `resolveEndpoint` of `@ssokit/protocol`: the `AWS_ENDPOINT_URL*`
   * variables of the environment (only those: never a copy of the whole environment), the selected
   * `[services]` section, the profile's `endpoint_url`.
   */
  endpointOverrides: EndpointOverrides;
  /** The config file the profile was read from. */
  configFile: string;
}

/** The keys whose presence makes a profile an SSO profile (as AWS SDK v3 decides it). */
const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const;

/**
 * The profile to use: the option, then `AWS_PROFILE`, then `default`.
 *
 * @example
 * ```ts
 * selectProfileName({ env: { AWS_PROFILE: 'dev' } }); // 'dev'
 * selectProfileName({ profile: 'prod', env: { AWS_PROFILE: 'dev' } }); // 'prod'
 * ```
 */
export function selectProfileName(options: ResolveSsoProfileOptions = {}): string {
  const env = options.env ?? process.env;
  return options.profile || env['AWS_PROFILE'] || 'default';
}

/** The section name of a profile as written in the file: `default` or `profile NAME`. */
export function sectionLabel(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

/**
 * Reads an SSO profile from the shared config (`~/.aws/config`) and checks it: the keys an sso-session or
 * legacy profile needs are present, the profile and its `[sso-session]` agree on start URL and
 * region, and region, start URL and account id are well-formed. The file is parsed by
 * `@smithy/shared-ini-file-loader`, so comments, spacing and section names mean what they mean to
 * AWS SDK v3.
 *
 * Throws {@link ProfileConfigError} with a message that names the key, the file and the section.
 * Its `tryNextLink` is true only when the profile is not an SSO profile (or the implicit `default`
 * profile does not exist), so a provider chain falls through only then.
 *
 * @example
 * ```ts
 * import { resolveSsoProfile } from '@ssokit/credential-provider';
 * const p = await resolveSsoProfile({ profile: 'dev' });
 * console.log(p.kind, p.ssoSession, p.startUrl, p.region, p.accountId, p.roleName);
 * ```
 */
export async function resolveSsoProfile(options: ResolveSsoProfileOptions = {}): Promise<ResolvedSsoProfile> {
  const env = options.env ?? process.env;
  const profileName = selectProfileName(options);
  const explicit = Boolean(options.profile || env['AWS_PROFILE']);
  const config = await loadConfig(options, profileName);
  const { file } = config;
  const fail = failFor(profileName, file, sectionLabel(profileName));

  const profile = sectionOf(config, profileName);
  if (!profile || profileName.startsWith(SSO_SESSION_PREFIX) || profileName.startsWith(SERVICES_PREFIX)) {
    throw fail('profile-not-found', profileNotFoundMessage(config, profileName), {
      tryNextLink: !explicit && profileName === 'default',
    });
  }
  // botocore and the SDKs assume the role when a profile has role_arn, whatever else it sets
  const roleArn = configValue(profile, 'role_arn');
  if (roleArn !== undefined) {
    throw fail(
      'role-chain',
      `Profile "${profileName}" in ${file} assumes role ${roleArn} (role_arn); it is a role chain, not an SSO profile. fromSso and \`ssokit credentials\` resolve it; to sign in, name the SSO profile at the end of its source_profile links.`,
      { keys: ['role_arn'], tryNextLink: true },
    );
  }
  if (!SSO_KEYS.some((k) => configValue(profile, k) !== undefined)) {
    throw fail(
      'not-sso',
      `Profile "${profileName}" in ${file} is not an SSO profile: it sets none of ${SSO_KEYS.join(', ')}.${misspelledKeys(profile, SSO_KEYS)}`,
      { tryNextLink: true },
    );
  }

  const ssoSession = configValue(profile, 'sso_session');
  let startUrl = configValue(profile, 'sso_start_url');
  let region = configValue(profile, 'sso_region');
  let scopes: string[] | undefined;
  let source = sectionLabel(profileName);
  if (ssoSession !== undefined) {
    const sessionKey = `${SSO_SESSION_PREFIX}${ssoSession}`;
    const session = sectionOf(config, sessionKey);
    if (!session) {
      const existing = ssoSessionNames(config);
      throw fail(
        'session-not-found',
        `Profile "${profileName}" in ${file} sets sso_session = ${ssoSession}, but there is no [sso-session ${ssoSession}] section. ` +
          (existing.length > 0
            ? `Sessions in that file: ${namesThere(ssoSession, existing)}`
            : `Add one with sso_start_url and sso_region (or run \`ssokit configure\`).`),
        { keys: ['sso_session'] },
      );
    }
    const sessionSection = `sso-session ${ssoSession}`;
    const { startUrl: sessionStartUrl, region: sessionRegion } = requireSessionKeys(
      session,
      sessionSection,
      file,
      fail,
    );
    for (const [key, own, shared] of [
      ['sso_start_url', startUrl, sessionStartUrl],
      ['sso_region', region, sessionRegion],
    ] as const) {
      if (own !== undefined && own !== shared) {
        throw fail(
          'inconsistent',
          `Profile "${profileName}" in ${file} sets ${key} = ${own} but [${sessionSection}] sets ${shared}; make them match or remove the profile's value.`,
          { keys: [key] },
        );
      }
    }
    startUrl = sessionStartUrl;
    region = sessionRegion;
    source = sessionSection;
    scopes = parseScopes(configValue(session, 'sso_registration_scopes'));
  }

  const accountId = configValue(profile, 'sso_account_id');
  const roleName = configValue(profile, 'sso_role_name');
  const missing = [
    ...(ssoSession === undefined && startUrl === undefined ? ['sso_start_url'] : []),
    ...(ssoSession === undefined && region === undefined ? ['sso_region'] : []),
    ...(accountId === undefined ? ['sso_account_id'] : []),
    ...(roleName === undefined ? ['sso_role_name'] : []),
  ];
  if (missing.length > 0) {
    const hint =
      ssoSession === undefined && (startUrl === undefined || region === undefined)
        ? ' (or set sso_session to an [sso-session] section that has sso_start_url and sso_region)'
        : '';
    // a misspelled sso_session is what most often leaves a profile without a start URL and region
    const typos = misspelledKeys(profile, ssoSession === undefined ? [...missing, 'sso_session'] : missing);
    throw fail(
      'missing-key',
      `Profile "${profileName}" in ${file} is missing ${andList(missing)}${hint}.${typos}`,
      {
        keys: missing,
      },
    );
  }

  try {
    validateStartUrl(startUrl, 'sso_start_url');
  } catch (cause) {
    throw invalidValue(fail, cause, source, 'sso_start_url', `Profile "${profileName}" in ${file}`);
  }
  try {
    validateRegion(region, 'sso_region');
  } catch (cause) {
    throw invalidValue(fail, cause, source, 'sso_region', `Profile "${profileName}" in ${file}`);
  }
  if (!ACCOUNT_ID_PATTERN.test(accountId!)) {
    throw fail(
      'invalid-value',
      `Profile "${profileName}" in ${file} sets sso_account_id = ${accountId}, which is not an AWS account id (12 digits, e.g. 123456789012).`,
      { keys: ['sso_account_id'] },
    );
  }

  return {
    profileName,
    kind: ssoSession === undefined ? 'legacy' : 'sso-session',
    ...(ssoSession === undefined ? {} : { ssoSession }),
    startUrl: startUrl!,
    region: region!,
    accountId: accountId!,
    roleName: roleName!,
    ...(scopes === undefined ? {} : { scopes }),
    refreshable: ssoSession !== undefined,
    endpointOverrides: endpointOverridesOf(config, profile, profileName, env, fail),
    configFile: file,
  };
}

/**
 * The variables of `env` that choose an endpoint (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_*`,
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`), and no other: a resolved profile is logged and shown, and
 * the environment holds secrets (`AWS_SECRET_ACCESS_KEY`, tokens of other tools).
 *
 * @example
 * ```ts
 * endpointEnv({ AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:4566', AWS_SECRET_ACCESS_KEY: 'x' });
 * // { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:4566' }
 * ```
 */
export function endpointEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (
      k === 'AWS_ENDPOINT_URL' ||
      k.startsWith('AWS_ENDPOINT_URL_') ||
      k === 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'
    )
      out[k] = v;
  }
  return out;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** The endpoint overrides of a profile (env, `[services]`, `endpoint_url`); throws when `services` names no section. */
export function endpointOverridesOf(
  config: LoadedConfig,
  profile: Readonly<Record<string, string | undefined>>,
  profileName: string,
  env: Readonly<Record<string, string | undefined>>,
  fail: Fail,
): EndpointOverrides {
  // The SDKs' switch to ignore every configured endpoint (env and config alike).
  const ignore = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'];
  if (ignore !== undefined ? isTrue(ignore) : isTrue(configValue(profile, 'ignore_configured_endpoint_urls')))
    return {};
  const overrides: EndpointOverrides = { env: endpointEnv(env) };
  const services = configValue(profile, 'services');
  if (services !== undefined) {
    const section = sectionOf(config, `${SERVICES_PREFIX}${services}`);
    if (!section) {
      throw fail(
        'services-not-found',
        `Profile "${profileName}" in ${config.file} sets services = ${services}, but there is no [services ${services}] section; add it or remove the profile's services key.`,
        { keys: ['services'] },
      );
    }
    overrides.servicesSection = section;
  }
  const endpointUrl = configValue(profile, 'endpoint_url');
  if (endpointUrl !== undefined) overrides.profileEndpointUrl = endpointUrl;
  return overrides;
}

function profileNotFoundMessage(config: LoadedConfig, profileName: string): string {
  if (!config.exists) {
    return `Profile "${profileName}" was not found: the AWS config file ${config.file} does not exist. Create it with \`ssokit configure\` or \`aws configure sso\`, or set AWS_CONFIG_FILE.`;
  }
  const names = profileNames(config);
  return names.length > 0
    ? `Profile "${profileName}" was not found in ${config.file}. Profiles there: ${namesThere(profileName, names)}`
    : `Profile "${profileName}" was not found in ${config.file}, which defines no profiles.`;
}

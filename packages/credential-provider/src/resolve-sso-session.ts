import { validateRegion, validateStartUrl } from '@ssokit/protocol/core';
import { type Fail, invalidValue, namesThere, requireSessionKeys } from './config-checks.js';
import { ProfileConfigError } from './errors.js';
import {
  configValue,
  loadConfig,
  parseScopes,
  type SharedConfigOptions,
  SSO_SESSION_PREFIX,
  sectionOf,
  ssoSessionNames,
} from './shared-config.js';

/** Options of {@link resolveSsoSession}. */
export interface ResolveSsoSessionOptions extends SharedConfigOptions {
  /** The `[sso-session NAME]` to read. */
  ssoSession: string;
}

/** An `[sso-session]` section of the shared config, checked. */
export interface ResolvedSsoSession {
  /** The section's name. */
  ssoSession: string;
  /** The AWS access portal URL. */
  startUrl: string;
  /** The region of IAM Identity Center. */
  region: string;
  /** `sso_registration_scopes`, split on commas; absent when not set. */
  scopes?: string[] | undefined;
  /** The config file it was read from. */
  configFile: string;
}

/**
 * Reads one `[sso-session NAME]` section on its own, for signing in to a session without a
 * profile (`ssokit login --sso-session work`). Checks that `sso_start_url` and `sso_region` are
 * present and well-formed; throws {@link ProfileConfigError} naming the file and section otherwise.
 *
 * @example
 * ```ts
 * import { resolveSsoSession } from '@ssokit/credential-provider';
 * const { startUrl, region, scopes } = await resolveSsoSession({ ssoSession: 'work' });
 * ```
 */
export async function resolveSsoSession(options: ResolveSsoSessionOptions): Promise<ResolvedSsoSession> {
  const name = options.ssoSession;
  const config = await loadConfig(options, undefined);
  const { file } = config;
  const section = `sso-session ${name}`;
  const fail: Fail = (problem, message, extra = {}) =>
    new ProfileConfigError(
      message,
      { problem, file, section: extra.section ?? section, keys: extra.keys },
      extra.cause === undefined ? {} : { cause: extra.cause },
    );
  const session = sectionOf(config, `${SSO_SESSION_PREFIX}${name}`);
  if (!session) {
    const existing = ssoSessionNames(config);
    throw fail(
      'session-not-found',
      !config.exists
        ? `There is no [${section}]: the AWS config file ${file} does not exist. Create it with \`ssokit configure\` or set AWS_CONFIG_FILE.`
        : `There is no [${section}] in ${file}. ` +
            (existing.length > 0
              ? `Sessions there: ${namesThere(name, existing)}`
              : 'It defines no sso-session sections.'),
    );
  }
  const { startUrl, region } = requireSessionKeys(session, section, file, fail);
  const subject = `[${section}] in ${file}`;
  try {
    validateStartUrl(startUrl, 'sso_start_url');
  } catch (cause) {
    throw invalidValue(fail, cause, section, 'sso_start_url', subject);
  }
  try {
    validateRegion(region, 'sso_region');
  } catch (cause) {
    throw invalidValue(fail, cause, section, 'sso_region', subject);
  }
  const scopes = parseScopes(configValue(session, 'sso_registration_scopes'));
  return {
    ssoSession: name,
    startUrl: startUrl!,
    region: region!,
    ...(scopes ? { scopes } : {}),
    configFile: file,
  };
}

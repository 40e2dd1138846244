import { selectProfileName } from './resolve-sso-profile.js';
import { configValue, loadConfig, type SharedConfigOptions, sectionOf } from './shared-config.js';

/**
 * One key of a profile in the shared config, read with AWS's own loader (surrounding whitespace
 * removed; empty counts as unset); `undefined` when the profile or the key is missing. The profile
 * is the option, then `AWS_PROFILE`, then `default`.
 *
 * @example
 * ```ts
 * import { profileSetting } from '@ssokit/credential-provider';
 * const signIn = (await profileSetting({ profile: 'dev' }, 'ssokit_login')) === 'true';
 * ```
 */
export async function profileSetting(
  options: SharedConfigOptions & { profile?: string | undefined },
  key: string,
): Promise<string | undefined> {
  const profile = selectProfileName(options);
  const config = await loadConfig(options, profile);
  return configValue(sectionOf(config, profile), key);
}

/**
 * The `region` of a profile in the shared config (the region its AWS calls go to, not
 * `sso_region`); `undefined` when the profile or the key is missing.
 *
 * @example
 * ```ts
 * import { formatExport, profileRegion } from '@ssokit/credential-provider';
 * const region = await profileRegion({ profile: 'dev' });
 * process.stdout.write(formatExport(credentials, 'env', { region }));
 * ```
 */
export function profileRegion(
  options: SharedConfigOptions & { profile?: string | undefined } = {},
): Promise<string | undefined> {
  return profileSetting(options, 'region');
}

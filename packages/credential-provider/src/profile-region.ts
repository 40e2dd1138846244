import { selectProfileName } from './resolve-sso-profile.js';
import { configValue, loadConfig, type SharedConfigOptions, sectionOf } from './shared-config.js';

/**
 * The `region` of a profile in the shared config (the region its AWS calls go to, not
 * `sso_region`), read with AWS's own loader; `undefined` when the profile or the key is missing.
 * The profile is the option, then `AWS_PROFILE`, then `default`.
 *
 * @example
 * ```ts
 * import { formatExport, profileRegion } from '@ssokit/credential-provider';
 * const region = await profileRegion({ profile: 'dev' });
 * process.stdout.write(formatExport(credentials, 'env', { region }));
 * ```
 */
export async function profileRegion(
  options: SharedConfigOptions & { profile?: string | undefined } = {},
): Promise<string | undefined> {
  const profile = selectProfileName(options);
  const config = await loadConfig(options, profile);
  return configValue(sectionOf(config, profile), 'region');
}

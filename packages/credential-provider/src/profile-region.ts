import { selectProfileName } from './resolve-sso-profile.js';
import { configValue, loadConfig, type SharedConfigOptions, sectionOf } from './shared-config.js';

/**
 * The `region` key of a profile (the region of the AWS services it uses, not `sso_region`), as
 * the AWS CLI reads it; `undefined` when the profile or the key is missing.
 *
 * @example
 * ```ts
 * import { profileRegion } from '@ssokit/credential-provider';
 * const region = (await profileRegion({ profile: 'dev' })) ?? 'us-east-1';
 * ```
 */
export async function profileRegion(
  options: SharedConfigOptions & { profile?: string | undefined } = {},
): Promise<string | undefined> {
  const profile = selectProfileName(options);
  const config = await loadConfig(options, profile);
  return configValue(sectionOf(config, profile), 'region');
}

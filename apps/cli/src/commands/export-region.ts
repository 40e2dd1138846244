import { type FormatExportOptions, profileRegion } from '@ssokit/credential-provider';
import type { CredentialsFlags } from '../options/credentials.js';

/**
 * What the shell formats of `credentials` export besides the keys: the profile's `region` (as
 * `AWS_REGION` and `AWS_DEFAULT_REGION`, unless `env` sets either). A session + account + role
 * has no profile, so no region. Read only for the shell formats, never on the credential_process
 * path.
 */
export async function exportOptions(
  flags: Pick<CredentialsFlags, 'profile' | 'ssoSession'>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<FormatExportOptions> {
  if (flags.ssoSession && !flags.profile) return { env };
  return { env, region: await profileRegion({ profile: flags.profile, env }) };
}

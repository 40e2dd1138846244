import type { AwsCredentialIdentity } from '@smithy/types';
import { type FromSsoOptions, fromSso } from './from-sso.js';

/** Options of {@link resolveProfileCredentials}: those of `fromSso`, and whether to skip the caches. */
export interface ResolveProfileCredentialsOptions extends FromSsoOptions {
  /** Fetch new credentials past every cache (the SSO role cache and the assume-role cache). */
  forceRefresh?: boolean | undefined;
}

/**
 * Credentials for a profile name, once: an SSO profile's role credentials, or a role-chain
 * profile's (`role_arn` + `source_profile` rooted in an SSO profile) assumed-role credentials.
 * What `ssokit credentials`, `exec`, `serve` and `console` use; a long-lived program should keep a
 * `fromSso` provider instead (it memoizes and refreshes).
 *
 * @example
 * ```ts
 * import { resolveProfileCredentials } from '@ssokit/credential-provider';
 * const { accessKeyId, expiration } = await resolveProfileCredentials({ profile: 'deploy' });
 * ```
 */
export function resolveProfileCredentials(
  options: ResolveProfileCredentialsOptions = {},
): Promise<AwsCredentialIdentity> {
  const { forceRefresh, ...rest } = options;
  return fromSso(rest)(forceRefresh === true ? { forceRefresh: true } : undefined);
}

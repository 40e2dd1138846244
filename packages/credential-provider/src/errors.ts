import {
  ERROR_BRAND,
  errorBrand,
  isErrorOf,
  ProviderErrorCode,
  SsokitError,
  type SsokitErrorOptions,
} from '@ssokit/protocol/core';

// The codes live in protocol's registry (light to import on a hot path); this package owns them.
export { ProviderErrorCode };

/**
 * What is wrong with the profile:
 * - `profile-not-found`: no such profile in the config file;
 * - `not-sso`: the profile exists but sets no `sso_*` key (a provider chain may try the next provider);
 * - `missing-key`: a required key is not set;
 * - `inconsistent`: the profile and its `[sso-session]` disagree;
 * - `invalid-value`: a value is malformed (region, start URL, account id);
 * - `session-not-found`: `sso_session` (or the session asked for) names a section that does not exist;
 * - `services-not-found`: `services` names a section that does not exist;
 * - `unreadable`: the config file exists but cannot be read;
 * - `role-chain`: the profile assumes a role (`role_arn`): resolve it with `resolveRoleChain` or `fromSso`;
 * - `cycle`: the `source_profile` links of a role chain come back to a profile already in it;
 * - `unsupported`: a role-chain key ssokit does not handle (`credential_source`, `mfa_serial`,
 *   `web_identity_token_file`), or a chain whose root is not an SSO profile.
 */
export type ProfileConfigProblem =
  | 'profile-not-found'
  | 'not-sso'
  | 'missing-key'
  | 'inconsistent'
  | 'invalid-value'
  | 'session-not-found'
  | 'services-not-found'
  | 'unreadable'
  | 'role-chain'
  | 'cycle'
  | 'unsupported';

/** Where in the shared config a {@link ProfileConfigError} was found. */
export interface ProfileConfigErrorDetails {
  problem: ProfileConfigProblem;
  /** The profile being resolved; absent when an `[sso-session]` was resolved on its own. */
  profile?: string | undefined;
  /** The config file that was read. */
  file: string;
  /** The section at fault, as written in the file without brackets: `profile dev`, `default`, `sso-session work`. */
  section?: string | undefined;
  /** The keys at fault, e.g. `['sso_role_name']`. */
  keys?: readonly string[] | undefined;
  /**
   * Whether an AWS SDK provider chain may try its next provider. True only when the profile is
   * not an SSO profile at all (or the implicit `default` profile does not exist): a configured
   * SSO profile that fails must stop the chain instead of silently picking up other credentials.
   */
  tryNextLink?: boolean | undefined;
}

/**
 * Thrown when the shared config does not describe a usable SSO profile. The message says which
 * key is missing or inconsistent, in which file and section, and what to do.
 *
 * `tryNextLink` follows the AWS SDK v3 convention of `CredentialsProviderError`, so the SDK's
 * `chain()` moves on only when this profile is not meant to be an SSO profile.
 *
 * @example
 * ```ts
 * import { resolveSsoProfile, ProfileConfigError } from '@ssokit/credential-provider';
 * try {
 *   await resolveSsoProfile({ profile: 'dev' });
 * } catch (e) {
 *   if (e instanceof ProfileConfigError) console.error(e.message, e.problem, e.keys);
 * }
 * ```
 */
export class ProfileConfigError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/credential-provider/ProfileConfigError');
  declare readonly code: typeof ProviderErrorCode.PROFILE_CONFIG;
  /** What is wrong. */
  readonly problem: ProfileConfigProblem;
  /** The profile being resolved; absent when an `[sso-session]` was resolved on its own. */
  readonly profile: string | undefined;
  /** The config file that was read. */
  readonly file: string;
  /** The section at fault, without brackets. */
  readonly section: string | undefined;
  /** The keys at fault. */
  readonly keys: readonly string[];
  /** Whether an SDK provider chain may try its next provider. */
  readonly tryNextLink: boolean;

  constructor(message: string, details: ProfileConfigErrorDetails, options: SsokitErrorOptions = {}) {
    super(ProviderErrorCode.PROFILE_CONFIG, message, options);
    this.problem = details.problem;
    this.profile = details.profile;
    this.file = details.file;
    this.section = details.section;
    this.keys = details.keys ?? [];
    this.tryNextLink = details.tryNextLink ?? false;
  }
}

/**
 * Whether `value` is a {@link ProfileConfigError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isProfileConfigError(err) && err.tryNextLink) console.error('not an SSO profile: the chain may try its next provider');
 * ```
 */
export function isProfileConfigError(
  value: unknown,
  code?: typeof ProviderErrorCode.PROFILE_CONFIG,
): value is ProfileConfigError {
  return isErrorOf(ProfileConfigError, value, code);
}

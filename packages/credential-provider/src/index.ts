/**
 * AWS SDK v3 credential provider for IAM Identity Center profiles, with the AWS CLI role-credential cache and credential_process/export formatters.
 *
 * @packageDocumentation
 */
export {
  isProfileConfigError,
  ProfileConfigError,
  type ProfileConfigErrorDetails,
  type ProfileConfigProblem,
  ProviderErrorCode,
} from './errors.js';
export {
  EXPORT_FORMATS,
  type ExportFormat,
  type FormatExportOptions,
  formatCredentialProcess,
  formatExport,
} from './format-credentials.js';
export { type FromSsoOptions, fromSso, resolveSsoTarget, type SsoTarget } from './from-sso.js';
export {
  listProfiles,
  listSsoSessions,
  type ProfileSummary,
  type SsoSessionSummary,
} from './list-profiles.js';
export { profileRegion, profileSetting } from './profile-region.js';
export {
  type ResolvedSsoProfile,
  type ResolveSsoProfileOptions,
  resolveSsoProfile,
  selectProfileName,
} from './resolve-sso-profile.js';
export {
  type ResolvedSsoSession,
  type ResolveSsoSessionOptions,
  resolveSsoSession,
} from './resolve-sso-session.js';
export {
  type CachedRoleCredentials,
  type RoleCacheKeyInput,
  RoleCredentialCache,
  type RoleCredentialCacheOptions,
  roleCredentialCacheDir,
  roleCredentialCacheKey,
  roleCredentialCacheKeySource,
} from './role-credential-cache.js';
export { configFilePath, type SharedConfigOptions } from './shared-config.js';

/**
 * AWS SDK v3 credential provider for IAM Identity Center profiles, with the AWS CLI role-credential cache and credential_process/export formatters.
 *
 * @packageDocumentation
 */

export {
  type ConsoleCredentials,
  ConsoleSignInError,
  type ConsoleSignInErrorCode,
  type ConsoleSignInUrl,
  type ConsoleSignInUrlOptions,
  isConsoleSignInError,
  resolveConsoleDestination,
  resolveConsoleSignInUrl,
  SIGNIN_TOKEN_LIFETIME_MS,
} from './console-url.js';
export {
  CONTAINER_CREDENTIALS_MIN_REMAINING_MS,
  type ContainerCredentialsEnv,
  type ContainerCredentialsServer,
  type ContainerCredentialsServerOptions,
  ContainerServerError,
  isContainerServerError,
  startContainerCredentialsServer,
} from './container-server.js';
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
  type ResolveProfileCredentialsOptions,
  resolveProfileCredentials,
} from './resolve-profile-credentials.js';
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
  type ResolvedRoleChain,
  type RoleChainStep,
  resolveRoleChain,
} from './role-chain/resolve-role-chain.js';
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
export {
  AssumeRoleCache,
  type AssumeRoleCacheKeyInput,
  type AssumeRoleResult,
  assumeRoleCacheKey,
  assumeRoleCacheKeySource,
} from './sts/assume-role-cache.js';
export { StsClient, type StsClientOptions, type StsSignerFactory } from './sts/sts-client.js';

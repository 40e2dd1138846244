/**
 * AWS CLI-compatible SSO token and client-registration cache, refresh engine and cross-process locking.
 *
 * @packageDocumentation
 */

export type { ClientRegistration } from '@ssokit/oidc-client';
export {
  type RegistrationKeyInput,
  registrationCacheKey,
  registrationCacheKeySource,
  type SessionKeyInput,
  tokenCacheKey,
} from './cache-keys.js';
export { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
export {
  CacheWriteError,
  isCacheWriteError,
  isLockTimeoutError,
  isLoginRequiredError,
  isSignInInProgressError,
  type LockHolder,
  LockTimeoutError,
  type LoginCommandTarget,
  LoginRequiredError,
  type LoginRequiredReason,
  loginAdvice,
  loginCommand,
  SignInInProgressError,
  TokenErrorCode,
} from './errors.js';
export { ensurePrivateDir, readTextFile, writePrivateFileAtomic } from './file-io.js';
export { type HomeEnv, resolveHomeDir, ssoCacheDir } from './home.js';
export { pythonJsonDumps } from './python-json.js';
export {
  RegistrationCache,
  type RegistrationCacheOptions,
} from './registration-cache.js';
export {
  type GetAccessTokenOptions,
  type LoginHandler,
  type LoginRequiredEvent,
  type RefreshFailedEvent,
  SessionManager,
  type SessionManagerEvents,
  type SessionManagerOptions,
  type SessionTokenEvent,
  type TokenRefresher,
} from './session-manager.js';
export {
  createLoginHandler,
  createOidcRefresher,
  type LoginOptions,
  type LoginOutcome,
  type OidcClientFor,
  registrationScopesOf,
  SsoAuth,
  type SsoAuthOptions,
} from './sso-auth.js';
export { formatTimestamp, parseTimestamp } from './timestamps.js';
export {
  canRefresh,
  parseTokenFile,
  type SsoSessionRef,
  type SsoToken,
  serializeToken,
  type TokenFileParse,
} from './token.js';
export {
  type CachedTokenFile,
  FileTokenStore,
  type FileTokenStoreOptions,
  type HeldLock,
  type LockOptions,
  logoutAll,
  MemoryTokenStore,
  type RemovedToken,
  type TokenEntry,
  type TokenStore,
} from './token-store.js';

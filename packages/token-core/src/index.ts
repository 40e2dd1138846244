/**
 * The session engine of ssokit: the session lifecycle (refresh, sign-in, cross-process locking),
 * the AWS CLI-compatible token and client-registration caches, and their errors. The file layer
 * (home directory, private atomic files, timestamps, Python-compatible JSON, the cache-directory
 * base, the cache timings) is `@ssokit/token-core/files`.
 *
 * @packageDocumentation
 */

export {
  type RegistrationKeyInput,
  registrationCacheKey,
  registrationCacheKeySource,
  type SessionKeyInput,
  tokenCacheKey,
} from './cache-keys.js';
/**
 * Re-exported for code written against earlier releases; import `Clock`, `Logger`, `silentLogger`
 * and `systemClock` from `@ssokit/protocol/core`, where every layer takes them from.
 */
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
export { createLoginHandler, type LoginOptions, registrationScopesOf } from './login-handler.js';
export { createOidcRefresher, type OidcClientFor } from './oidc-refresher.js';
export {
  RegistrationCache,
  type RegistrationCacheOptions,
} from './registration-cache.js';
export { SessionManager } from './session-manager.js';
export {
  decideSession,
  type RefreshWindows,
  type SessionDecision,
  type SessionState,
} from './session-policy.js';
export type {
  GetAccessTokenOptions,
  LoginHandler,
  LoginOutcome,
  LoginRequiredEvent,
  RefreshFailedEvent,
  SessionManagerEvents,
  SessionManagerOptions,
  SessionTokenEvent,
  SignInOptions,
  TokenRefresher,
} from './session-types.js';
export { SsoAuth, type SsoAuthOptions } from './sso-auth.js';
export {
  canRefresh,
  parseTokenFile,
  type SsoSessionRef,
  type SsoToken,
  serializeToken,
  type TokenFileParse,
  toSessionToken,
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

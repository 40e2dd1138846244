/**
 * The file layer of token-core without the token engine: where AWS's caches live, the cache
 * directory base the three AWS-compatible caches share, private atomic files, timestamps in AWS's
 * forms, Python-compatible JSON, the cache timings, and the clock and logger.
 * `@ssokit/token-core/files` loads neither zod, nor the lock library, nor the network stack, so a
 * hot path (credential_process answered from the role-credential cache) stays cheap to start.
 *
 * @example
 * ```ts
 * import { resolveHomeDir, writePrivateFileAtomic } from '@ssokit/token-core/files';
 * ```
 *
 * @packageDocumentation
 */
export { CacheDirectory, type CacheLocationOptions, type Decoded } from './cache-directory.js';
/**
 * Re-exported for code written against earlier releases; import `Clock`, `Logger`, `silentLogger`
 * and `systemClock` from `@ssokit/protocol/core`, where every layer takes them from.
 */
export { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
export { CacheWriteError } from './errors.js';
export { ensurePrivateDir, readTextFile, writePrivateFileAtomic } from './file-io.js';
export { type HomeEnv, resolveHomeDir, ssoCacheDir } from './home.js';
export { pythonJsonDumps } from './python-json.js';
export { formatTimestamp, parseTimestamp } from './timestamps.js';
export {
  FAILED_REFRESH_THROTTLE_MS,
  LOCK_WAIT_MS,
  MUST_REFRESH_MS,
  REFRESH_AHEAD_MS,
  REGISTRATION_MIN_REMAINING_MS,
  ROLE_CREDENTIALS_MIN_REMAINING_MS,
  SIGN_IN_WAIT_MS,
} from './timings.js';

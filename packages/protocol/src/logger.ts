/**
 * Where ssokit writes its debug trace and warnings (an unreadable cache file, a retry). Every
 * `data` object it passes has secrets redacted already, so a logger may print it as is.
 *
 * @example
 * ```ts
 * import type { Logger } from '@ssokit/protocol/core';
 * const logger: Logger = {
 *   debug: (message, data) => console.error('[ssokit]', message, data ?? ''),
 *   warn: (message, data) => console.error('[ssokit] warning:', message, data ?? ''),
 * };
 * ```
 */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/**
 * A logger that drops everything; the default.
 *
 * @example
 * ```ts
 * import { silentLogger } from '@ssokit/protocol/core';
 * silentLogger.warn('dropped');
 * ```
 */
export const silentLogger: Logger = Object.freeze({
  debug: () => {},
  warn: () => {},
});

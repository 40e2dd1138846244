/**
 * The clock and logger of ssokit without the HTTP stack: `@ssokit/transport/clock` loads neither
 * undici nor the executor, so layers that only need time and logging (the token cache read on
 * every credential_process run) stay cheap to import.
 *
 * @example
 * ```ts
 * import { systemClock, silentLogger } from '@ssokit/transport/clock';
 * await systemClock.sleep(100);
 * silentLogger.debug('dropped');
 * ```
 *
 * @packageDocumentation
 */
export { abortedError, type Clock, systemClock } from './clock.js';
export { type Logger, silentLogger } from './logger.js';

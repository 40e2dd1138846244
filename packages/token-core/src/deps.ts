import { ErrorCode, SsokitError } from '@ssokit/protocol';
import type { Clock as TransportClock, Logger as TransportLogger } from '@ssokit/transport';

// The interfaces are transport's, so one clock and one logger serve every layer. The two defaults
// are re-implemented here (a few lines) because importing @ssokit/transport at runtime loads undici,
// which would cost the token-only path (credential_process with a cached token) ~0.4 s per start.

/**
 * The source of time (`now()` in epoch ms, `sleep(ms, signal)`): the `Clock` of `@ssokit/transport`.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.parse('2030-01-01T00:00:00Z'), sleep: async () => {} };
 * ```
 */
export type Clock = TransportClock;

/**
 * Where messages go (`debug`, `warn`; data never holds a secret): the `Logger` of `@ssokit/transport`.
 *
 * @example
 * ```ts
 * const logger: Logger = { debug: () => {}, warn: (message, data) => console.warn(message, data) };
 * ```
 */
export type Logger = TransportLogger;

/**
 * The real clock: `Date.now()` and a timer-based sleep that rejects with an `ERR_SSOKIT_ABORTED`
 * error when its signal aborts. Same behaviour as `systemClock` of `@ssokit/transport`.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100, AbortSignal.timeout(1000));
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const aborted = () =>
        new SsokitError(ErrorCode.ABORTED, 'The operation was aborted by the caller.', {
          cause: signal?.reason,
        });
      if (signal?.aborted) {
        reject(aborted());
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(aborted());
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});

/**
 * A logger that drops everything (the default).
 *
 * @example
 * ```ts
 * new FileTokenStore({ logger: silentLogger });
 * ```
 */
export const silentLogger: Logger = Object.freeze({ debug: () => {}, warn: () => {} });

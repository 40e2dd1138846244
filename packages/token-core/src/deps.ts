/**
 * The two injectable edges token-core needs. They are structurally the same as `Clock` and
 * `Logger` of `@ssokit/transport`, so an instance of either package's type fits the other.
 */

/**
 * A source of time. Tests pass a fake one; nothing in token-core reads `Date.now()` directly
 * except through {@link systemClock}.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.parse('2030-01-01T00:00:00Z'), sleep: async () => {} };
 * ```
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Where token-core reports what it does. Messages and data never carry a secret.
 *
 * @example
 * ```ts
 * const logger: Logger = { debug: () => {}, warn: (msg, data) => console.warn(msg, data) };
 * ```
 */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/**
 * The real clock: `Date.now()` and a timer-based sleep that honours an AbortSignal.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100);
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
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

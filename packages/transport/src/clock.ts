import { ErrorCode } from '@ssokit/protocol/core';
import { TransportError } from './errors.js';

/**
 * The source of time for timeouts, backoff sleeps and `Retry-After` dates. Inject a fake in
 * tests instead of patching `Date` or timers.
 *
 * @example
 * ```ts
 * const clock: Clock = { now: () => Date.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
 * ```
 */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Rejects with a {@link TransportError} whose code is
   * `ErrorCode.ABORTED` as soon as `signal` aborts (at once if it already has).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * ```ts
 * import { systemClock } from '@ssokit/transport';
 * await systemClock.sleep(100, AbortSignal.timeout(1000));
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortedError(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortedError(signal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
});

/** The error every abort turns into, keeping the caller's reason as `cause`. */
export function abortedError(signal: AbortSignal | undefined): TransportError {
  const reason: unknown = signal?.reason;
  // Our own TransportError as reason (e.g. a timeout) is passed through unchanged.
  if (reason instanceof TransportError) return reason;
  return new TransportError(ErrorCode.ABORTED, 'The request was aborted by the caller.', {
    cause: reason,
    isRetryable: false,
  });
}

import { ErrorCode } from './error-codes.js';
import { isSsokitError, SsokitError } from './ssokit-error.js';

/**
 * The source of time for timeouts, backoff sleeps, token expiry and `Retry-After` dates. Every
 * ssokit layer takes one; inject a fake in tests instead of patching `Date` or timers.
 *
 * @example
 * ```ts
 * import { type Clock, systemClock } from '@ssokit/protocol/core';
 * const clock: Clock = { now: () => Date.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
 * ```
 */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds. Rejects with an `ErrorCode.ABORTED` error as soon as
   * `signal` aborts (at once if it already has).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and `setTimeout`. An aborted sleep rejects with an
 * {@link SsokitError} whose code is `ErrorCode.ABORTED` and whose `cause` is the signal's reason
 * (a reason that is already an ssokit error, such as a timeout, is passed through unchanged).
 *
 * @example
 * ```ts
 * import { systemClock } from '@ssokit/protocol/core';
 * await systemClock.sleep(100, AbortSignal.timeout(1000));
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(sleepAborted(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(sleepAborted(signal));
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

function sleepAborted(signal: AbortSignal | undefined): SsokitError {
  const reason: unknown = signal?.reason;
  if (isSsokitError(reason)) return reason;
  return new SsokitError(ErrorCode.ABORTED, 'The operation was aborted by the caller.', {
    cause: reason,
    isRetryable: false,
  });
}

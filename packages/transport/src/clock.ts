/**
 * Deprecated: the clock and logger now live in `@ssokit/protocol/core`, the zod-free entry every
 * layer already depends on. This entry re-exports them so existing imports keep working.
 *
 * @example
 * ```ts
 * // before: import { systemClock, silentLogger } from '@ssokit/transport/clock';
 * import { systemClock, silentLogger } from '@ssokit/protocol/core';
 * await systemClock.sleep(100);
 * silentLogger.debug('dropped');
 * ```
 *
 * @packageDocumentation
 */
import { type Clock, ErrorCode } from '@ssokit/protocol/core';
import { TransportError } from './errors.js';

export {
  /** @deprecated Import `Clock` from `@ssokit/protocol/core`. */
  type Clock,
  /** @deprecated Import `Logger` from `@ssokit/protocol/core`. */
  type Logger,
  /** @deprecated Import `silentLogger` from `@ssokit/protocol/core`. */
  silentLogger,
  /** @deprecated Import `systemClock` from `@ssokit/protocol/core`. */
  systemClock,
} from '@ssokit/protocol/core';

/**
 * The error a transport request that the caller aborted fails with, keeping the caller's reason
 * as `cause`. A {@link TransportError} as reason (a timeout) is passed through unchanged.
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortedError(signal);
 * ```
 */
export function abortedError(signal: AbortSignal | undefined): TransportError {
  const reason: unknown = signal?.reason;
  if (reason instanceof TransportError) return reason;
  return new TransportError(ErrorCode.ABORTED, 'The request was aborted by the caller.', {
    cause: reason,
    isRetryable: false,
  });
}

/**
 * `clock.sleep(ms, signal)` for the layers that talk to the service: whatever clock is injected
 * (the system clock's abort is a plain `SsokitError`), an abort rejects with a {@link TransportError}
 * whose code is `ErrorCode.ABORTED` and whose `cause` is the signal's reason, the error their
 * callers check with `isTransportError(e, ErrorCode.ABORTED)`.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * // waits 250 ms, or rejects with TransportError(ERR_SSOKIT_ABORTED) as soon as the signal fires
 * await sleepOnClock(systemClock, 250, controller.signal);
 * ```
 */
export async function sleepOnClock(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch (e) {
    throw signal?.aborted ? abortedError(signal) : e;
  }
}

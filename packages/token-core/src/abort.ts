import { ErrorCode, SsokitError } from '@ssokit/protocol/core';

/** The error an abort turns into, with the caller's reason as `cause`. @internal */
export function abortedError(signal: AbortSignal): SsokitError {
  return new SsokitError(ErrorCode.ABORTED, 'The operation was aborted.', { cause: signal.reason });
}

/** Throws {@link abortedError} when `signal` has aborted. @internal */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

import { ErrorCode, SsokitError, scrubText } from '@ssokit/protocol/core';

// A refresher should never put a secret into an error, but if one does, it must not travel on as
// `cause` (inspect() prints causes): replace it with a scrubbed copy.
export function sanitize(error: unknown, secrets: string[]): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  if (scrubText(message + stack, secrets) === message + stack) return error;
  const code = (error as { code?: unknown }).code;
  const copy = new SsokitError(
    typeof code === 'string' ? code : ErrorCode.SERVICE,
    scrubText(message, secrets),
  );
  copy.stack = scrubText(stack, secrets);
  return copy;
}

export function describe(error: unknown, secrets: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  return scrubText(message, secrets);
}

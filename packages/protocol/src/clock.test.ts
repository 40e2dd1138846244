import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import { isSsokitError, SsokitError } from './ssokit-error.js';

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );

describe('systemClock', () => {
  it('now() is epoch milliseconds', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('sleep(0) resolves', async () => {
    await expect(systemClock.sleep(0)).resolves.toBeUndefined();
  });

  it('a long sleep rejects with ABORTED as soon as the signal aborts, keeping the reason', async () => {
    const controller = new AbortController();
    const p = systemClock.sleep(60_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    const err = await rejection(p);
    expect(isSsokitError(err) && err.code === 'ERR_SSOKIT_ABORTED').toBe(true);
    expect((err as Error).cause).toBe(reason);
    expect((err as { isRetryable: boolean }).isRetryable).toBe(false);
  });

  it('an already aborted signal rejects at once', async () => {
    const err = await rejection(systemClock.sleep(60_000, AbortSignal.abort()));
    expect(isSsokitError(err) && err.code === 'ERR_SSOKIT_ABORTED').toBe(true);
  });

  it('an ssokit error as the abort reason (a timeout) is passed through unchanged', async () => {
    const timeout = new SsokitError('ERR_SSOKIT_TIMEOUT', 'too slow', { isRetryable: true });
    expect(await rejection(systemClock.sleep(60_000, AbortSignal.abort(timeout)))).toBe(timeout);
  });
});

import { describe, expect, it } from 'vitest';
import { AutoClock, RecordingLogger, tempHome } from '../test/helpers.js';
import { TokenErrorCode } from './errors.js';
import type { SsoSessionRef } from './token.js';
import { FileTokenStore, MemoryTokenStore } from './token-store.js';

const session: SsoSessionRef = {
  ssoSession: 'work',
  startUrl: 'https://d-1.awsapps.com/start',
  region: 'eu-west-1',
};

describe('the lock of the token stores', () => {
  it('MemoryTokenStore stops waiting for the lock when the signal aborts, like the file store', async () => {
    const store = new MemoryTokenStore();
    let release!: () => void;
    const holding = store.lock(session, () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const waiting = store.lock(session, async () => 'got it', { signal: controller.signal });
    controller.abort(new Error('the person pressed Ctrl-C'));
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_SSOKIT_ABORTED' });
    // an aborted signal stops the call before it waits
    await expect(store.lock(session, async () => 1, { signal: controller.signal })).rejects.toMatchObject({
      code: 'ERR_SSOKIT_ABORTED',
    });
    release();
    await holding;
    expect(await store.lock(session, async () => 'free again')).toBe('free again');
  });

  it('FileTokenStore paces its lock retries with the injected random source', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const clock = new AutoClock(Date.parse('2030-06-01T12:00:00Z'));
      const holder = new FileTokenStore({ homeDir: home, clock });
      const waiter = new FileTokenStore({
        homeDir: home,
        clock,
        random: () => 0,
        logger: new RecordingLogger(),
      });
      await holder.lock(session, async () => {
        await expect(waiter.lock(session, async () => 0, { waitMs: 100 })).rejects.toMatchObject({
          code: TokenErrorCode.LOCK_TIMEOUT,
        });
      });
      // random() = 0: each sleep is half the backoff (15 ms, growing by 1.6), up to the wait left
      expect(clock.sleeps.map((ms) => Math.round(ms * 10) / 10)).toEqual([7.5, 12, 19.2, 30.7, 30.6]);
    } finally {
      await cleanup();
    }
  });
});

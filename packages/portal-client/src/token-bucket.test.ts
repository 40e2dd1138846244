import { FakeClock, settle as flush } from '@ssokit/transport/testing';
import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

/** Starts `n` concurrent takes and records the clock time at which each one got its token. */
function takeAll(bucket: TokenBucket, clock: FakeClock, n: number, signal?: AbortSignal) {
  const times: number[] = [];
  const done = Promise.all(
    Array.from({ length: n }, () => bucket.take(signal).then(() => times.push(clock.now() - start))),
  );
  const start = clock.now();
  return { times, done };
}

describe('TokenBucket', () => {
  it('spaces concurrent callers evenly at the rate, first come first served', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 20, clock });
    const { times, done } = takeAll(bucket, clock, 5);
    await clock.advance(1000);
    await done;
    expect(times).toEqual([0, 50, 100, 150, 200]);
  });

  it('lets a burst through at once, then paces', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3, clock });
    const { times, done } = takeAll(bucket, clock, 5);
    await clock.advance(1000);
    await done;
    expect(times).toEqual([0, 0, 0, 100, 200]);
  });

  it('saves up at most `burst` tokens while idle', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 2, clock });
    await clock.advance(60_000);
    const { times, done } = takeAll(bucket, clock, 4);
    await clock.advance(1000);
    await done;
    expect(times).toEqual([0, 0, 100, 200]);
  });

  it('uses a new rate for reservations made after setRate', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, clock });
    await bucket.take();
    bucket.setRate(4);
    const { times, done } = takeAll(bucket, clock, 2);
    await clock.advance(2000);
    await done;
    expect(times).toEqual([250, 500]);
  });

  it('drain makes the next caller wait a full interval', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 5, clock });
    bucket.drain();
    const { times, done } = takeAll(bucket, clock, 1);
    await clock.advance(1000);
    await done;
    expect(times).toEqual([200]);
  });

  it('gives the token back when a waiting caller aborts', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ ratePerSecond: 10, clock });
    await bucket.take();
    const controller = new AbortController();
    const aborted = bucket.take(controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_SSOKIT_ABORTED' });
    const { times, done } = takeAll(bucket, clock, 1);
    await flush();
    await clock.advance(1000);
    await done;
    // The aborted reservation no longer delays anyone.
    expect(times).toEqual([100]);
  });

  it('rejects nonsense settings', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 0.5 })).toThrow(RangeError);
  });
});

import { FakeClock } from '@ssokit/transport/testing';
import { describe, expect, it } from 'vitest';
import { AdaptiveRateLimiter } from './adaptive-rate.js';

describe('AdaptiveRateLimiter (AIMD)', () => {
  it('starts at the ceiling and cuts multiplicatively on a throttle', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 20, decreaseFactor: 0.5, clock });
    expect(limiter.ratePerSecond).toBe(20);
    const sentAt = await limiter.acquire();
    await clock.advance(10);
    expect(limiter.onThrottle(sentAt)).toBe(true);
    expect(limiter.ratePerSecond).toBe(10);
  });

  it('counts one burst of throttles once: calls sent before the cut do not cut again', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 20, decreaseFactor: 0.5, clock });
    const a = limiter.acquire();
    const b = limiter.acquire();
    await clock.advance(50);
    const [sentA, sentB] = await Promise.all([a, b]);
    await clock.advance(5);
    expect(limiter.onThrottle(sentA)).toBe(true);
    expect(limiter.onThrottle(sentB)).toBe(false);
    expect(limiter.ratePerSecond).toBe(10);
    const c = limiter.acquire();
    await clock.advance(1000);
    expect(limiter.onThrottle(await c)).toBe(true);
    expect(limiter.ratePerSecond).toBe(5);
  });

  it('never drops below the floor', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 4, minRatePerSecond: 2, clock });
    for (let i = 0; i < 5; i++) {
      const p = limiter.acquire();
      await clock.advance(2000);
      limiter.onThrottle(await p);
    }
    expect(limiter.ratePerSecond).toBe(2);
  });

  it('paces at the cut rate, then creeps back to the ceiling by about increasePerSecond per second', async () => {
    const clock = new FakeClock();
    const limiter = new AdaptiveRateLimiter({
      maxRatePerSecond: 20,
      decreaseFactor: 0.5,
      increasePerSecond: 2,
      clock,
    });
    const first = limiter.acquire();
    await clock.advance(1);
    limiter.onThrottle(await first);
    expect(limiter.ratePerSecond).toBe(10);

    // Right after the cut the bucket is drained: the next call waits one interval at the new rate.
    const t0 = clock.now();
    const next = limiter.acquire();
    await clock.advance(200);
    expect((await next) - t0).toBe(100);
    limiter.onSuccess();

    // A sequential caller that always succeeds: the rate should climb 10 → 20 in about (20-10)/2 = 5 s.
    const start = clock.now();
    let reachedAt: number | undefined;
    const loop = (async () => {
      while (limiter.ratePerSecond < 20) {
        await limiter.acquire();
        limiter.onSuccess();
      }
      reachedAt = clock.now();
    })();
    for (let i = 0; i < 200 && reachedAt === undefined; i++) await clock.advance(100);
    await loop;
    const seconds = (reachedAt! - start) / 1000;
    expect(seconds).toBeGreaterThan(4);
    expect(seconds).toBeLessThan(6.5);
    expect(limiter.ratePerSecond).toBe(20);
    limiter.onSuccess();
    expect(limiter.ratePerSecond).toBe(20);
  });

  it('rejects nonsense settings', () => {
    expect(() => new AdaptiveRateLimiter({ maxRatePerSecond: 10, decreaseFactor: 1 })).toThrow(RangeError);
    expect(() => new AdaptiveRateLimiter({ maxRatePerSecond: 10, increasePerSecond: -1 })).toThrow(
      RangeError,
    );
  });
});

import { type Clock, systemClock } from '@ssokit/protocol/core';
import { TokenBucket } from './token-bucket.js';

/**
 * Settings of an {@link AdaptiveRateLimiter}.
 */
export interface AdaptiveRateOptions {
  /** The ceiling, and the starting rate (requests per second). */
  maxRatePerSecond: number;
  /** The floor the rate never drops below. Default 1. */
  minRatePerSecond?: number;
  /** What a throttle multiplies the rate by. Default 0.7. */
  decreaseFactor?: number;
  /** How fast the rate creeps back up while calls succeed, requests/s per second. Default 1. */
  increasePerSecond?: number;
  /** Burst of the underlying {@link TokenBucket}. Default 1. */
  burst?: number;
  clock?: Clock;
}

/**
 * A token bucket whose rate follows AIMD (additive increase, multiplicative decrease), like TCP:
 * a throttled call cuts the rate, each successful call adds `increasePerSecond / rate`, which is
 * `increasePerSecond` per second of calls at that rate. Throttles of calls sent before the last
 * cut do not cut again, so one burst of 429s counts once.
 *
 * @example
 * ```ts
 * const limiter = new AdaptiveRateLimiter({ maxRatePerSecond: 20 });
 * const sentAt = await limiter.acquire(signal);
 * try { await client.listAccounts({ accessToken }, { retry: false }); limiter.onSuccess(); }
 * catch (e) { if (e instanceof TooManyRequestsException) limiter.onThrottle(sentAt); }
 * ```
 */
export class AdaptiveRateLimiter {
  readonly #bucket: TokenBucket;
  readonly #clock: Clock;
  readonly #max: number;
  readonly #min: number;
  readonly #decrease: number;
  readonly #increase: number;
  #rate: number;
  #lastCut = Number.NEGATIVE_INFINITY;

  constructor(options: AdaptiveRateOptions) {
    this.#max = options.maxRatePerSecond;
    this.#min = Math.min(options.minRatePerSecond ?? 1, this.#max);
    this.#decrease = options.decreaseFactor ?? 0.7;
    this.#increase = options.increasePerSecond ?? 1;
    if (!(this.#min > 0)) throw new RangeError('minRatePerSecond must be > 0.');
    if (!(this.#decrease > 0 && this.#decrease < 1))
      throw new RangeError('decreaseFactor must be in (0, 1).');
    if (!(this.#increase >= 0)) throw new RangeError('increasePerSecond must be >= 0.');
    this.#clock = options.clock ?? systemClock;
    this.#rate = this.#max;
    this.#bucket = new TokenBucket({ ratePerSecond: this.#max, burst: options.burst, clock: this.#clock });
  }

  /** The current rate, requests per second. */
  get ratePerSecond(): number {
    return this.#rate;
  }

  /**
   * Waits for a slot to send one request.
   *
   * @returns the time the request may leave (clock ms), to pass to {@link AdaptiveRateLimiter.onThrottle}.
   */
  async acquire(signal?: AbortSignal): Promise<number> {
    await this.#bucket.take(signal);
    return this.#clock.now();
  }

  /** A call succeeded: creep the rate back towards the ceiling. */
  onSuccess(): void {
    if (this.#rate >= this.#max) return;
    this.#set(Math.min(this.#max, this.#rate + this.#increase / this.#rate));
  }

  /**
   * A call sent at `sentAt` was throttled: cut the rate unless a cut already happened after it
   * was sent.
   *
   * @returns whether the rate was cut.
   */
  onThrottle(sentAt: number): boolean {
    if (sentAt <= this.#lastCut) return false;
    this.#lastCut = this.#clock.now();
    this.#set(Math.max(this.#min, this.#rate * this.#decrease));
    this.#bucket.drain();
    return true;
  }

  #set(rate: number): void {
    this.#rate = rate;
    this.#bucket.setRate(rate);
  }
}

import { type Clock, systemClock } from '@ssokit/protocol/core';
import { sleepOnClock } from '@ssokit/transport';

/**
 * Settings of a {@link TokenBucket}.
 */
export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Most tokens it holds (and starts with). Default 1: requests leave evenly spaced. */
  burst?: number;
  clock?: Clock;
}

/**
 * A client-side rate limiter. {@link TokenBucket.take} hands out tokens first come, first served:
 * each caller reserves the next free slot and sleeps until it, so N concurrent callers leave at
 * `ratePerSecond`, never faster.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket({ ratePerSecond: 20 });
 * await bucket.take(signal); // then send one request
 * ```
 */
export class TokenBucket {
  #rate: number;
  readonly #burst: number;
  readonly #clock: Clock;
  // May go negative: that many tokens are already promised to sleeping callers.
  #tokens: number;
  #last: number;

  constructor(options: TokenBucketOptions) {
    this.#rate = checkRate(options.ratePerSecond);
    const burst = options.burst ?? 1;
    if (!Number.isFinite(burst) || burst < 1) throw new RangeError('burst must be a number >= 1.');
    this.#burst = burst;
    this.#clock = options.clock ?? systemClock;
    this.#tokens = burst;
    this.#last = this.#clock.now();
  }

  /** Current rate, tokens per second. */
  get ratePerSecond(): number {
    return this.#rate;
  }

  /** Changes the rate from now on; tokens already promised keep their time. */
  setRate(ratePerSecond: number): void {
    this.#refill();
    this.#rate = checkRate(ratePerSecond);
  }

  /** Throws away saved-up tokens, so the next request waits a full interval (after a 429). */
  drain(): void {
    this.#refill();
    this.#tokens = Math.min(this.#tokens, 0);
  }

  /**
   * Waits for one token. Rejects (and gives the token back) when `signal` aborts.
   *
   * @returns the milliseconds it waited.
   */
  async take(signal?: AbortSignal): Promise<number> {
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;
    const wait = Math.ceil((-this.#tokens / this.#rate) * 1000);
    try {
      await sleepOnClock(this.#clock, wait, signal);
    } catch (e) {
      this.#tokens += 1;
      throw e;
    }
    return wait;
  }

  #refill(): void {
    const now = this.#clock.now();
    if (now > this.#last) {
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
      this.#last = now;
    }
  }
}

function checkRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError('ratePerSecond must be a number > 0.');
  return rate;
}

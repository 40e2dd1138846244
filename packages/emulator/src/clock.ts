/**
 * The emulator's clock: real time plus an offset that tests move forward, so expiry and
 * slow_down checks can be exercised without waiting.
 *
 * @example
 * ```ts
 * const clock = new EmulatorClock();
 * clock.advance(3_600_000); // an hour later, as far as the emulator is concerned
 * clock.now();
 * ```
 */
export class EmulatorClock {
  #offset = 0;
  constructor(private readonly realNow: () => number = Date.now) {}
  /** Current emulator time in epoch milliseconds. */
  now(): number {
    return this.realNow() + this.#offset;
  }
  /** Wall-clock time, without the offset: what clients that sign requests believe the time is. */
  wallNow(): number {
    return this.realNow();
  }
  /** Moves the clock forward by `ms` (negative values are rejected). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advanceClock takes a non-negative number of milliseconds');
    this.#offset += ms;
  }
  /** Puts the clock back to real time. */
  reset(): void {
    this.#offset = 0;
  }
}

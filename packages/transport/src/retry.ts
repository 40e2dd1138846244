/**
 * Retry settings. The defaults are AWS SDK v3 standard mode (see the
 * [design notes, Retries](../../../apps/docs/guides/design.md#retries)).
 *
 * @example
 * ```ts
 * new Transport({ endpoint, retry: { maxAttempts: 5 } });
 * ```
 */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /** Backoff base for transient faults, ms. Default 100. */
  baseDelayMs?: number;
  /** Backoff base for throttling errors, ms. Default 500. */
  throttleBaseDelayMs?: number;
  /** Upper bound of one backoff, ms; a longer `Retry-After` ends the retries. Default 20000. */
  maxDelayMs?: number;
}

/** The defaults of the AWS SDKs' standard retry mode (3 attempts, 100 ms / 500 ms bases, 20 s cap). */
export const DEFAULT_RETRY_OPTIONS: Readonly<Required<RetryOptions>> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 100,
  throttleBaseDelayMs: 500,
  maxDelayMs: 20_000,
});

/**
 * Fills in and checks retry settings.
 *
 * @example
 * ```ts
 * resolveRetryOptions({ maxAttempts: 1 }).baseDelayMs; // 100
 * ```
 */
export function resolveRetryOptions(options: RetryOptions = {}): Required<RetryOptions> {
  const out = { ...DEFAULT_RETRY_OPTIONS };
  for (const key of Object.keys(DEFAULT_RETRY_OPTIONS) as (keyof RetryOptions)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (
      !Number.isFinite(value) ||
      value < 0 ||
      (key === 'maxAttempts' && (value < 1 || !Number.isInteger(value)))
    ) {
      throw new RangeError(
        `retry.${key} must be ${key === 'maxAttempts' ? 'a whole number >= 1' : 'a number >= 0'}.`,
      );
    }
    out[key] = value;
  }
  return out;
}

/**
 * Full-jitter backoff: `random() * min(maxDelayMs, base * 2^attempt)`, where `base` is
 * `throttleBaseDelayMs` for throttling errors and `baseDelayMs` otherwise.
 *
 * @param attempt - retries already made (0 before the first retry).
 * @param throttling - whether the failure was a throttling error.
 * @param random - a source of numbers in [0, 1), `Math.random` in production.
 *
 * @example
 * ```ts
 * computeBackoff(0, false, resolveRetryOptions(), Math.random); // 0..100 ms
 * computeBackoff(2, true, resolveRetryOptions(), () => 0.5);    // 1000 ms
 * ```
 */
export function computeBackoff(
  attempt: number,
  throttling: boolean,
  opts: Required<RetryOptions>,
  random: () => number,
): number {
  const base = throttling ? opts.throttleBaseDelayMs : opts.baseDelayMs;
  const ceiling = Math.min(opts.maxDelayMs, base * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Reads a `Retry-After` header (delay in seconds, or an HTTP date) as milliseconds from `now`.
 * Returns `undefined` when absent or unreadable; a date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('2', Date.now()); // 2000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 * ```
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

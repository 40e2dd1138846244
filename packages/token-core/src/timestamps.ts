// RFC 3339 as AWS's tools write it: `T` or a space, optional fraction, and `Z`, `UTC` (older botocore
// wrote `%Z`), a numeric offset with or without a colon, or nothing (read as UTC).
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses a timestamp from an AWS cache file. Returns `undefined` for anything that is not a
 * real instant, instead of throwing.
 *
 * @example
 * ```ts
 * parseTimestamp('2030-01-01T00:00:00Z');        // Date
 * parseTimestamp('2030-01-01T00:00:00.123+00:00'); // Date
 * parseTimestamp('2030-01-01T00:00:00UTC');      // Date
 * parseTimestamp('soon');                        // undefined
 * ```
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59)) + Math.floor(fraction * 1000);
  // Date.UTC rolls 31 February over into March; such a date is not real.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (zone && zone[0] !== undefined && (zone[0] === '+' || zone[0] === '-')) {
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offH > 23 || offM > 59) return undefined;
    const sign = zone[0] === '+' ? 1 : -1;
    ms -= sign * (offH * 60 + offM) * 60_000;
  }
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms);
}

/**
 * Formats an instant the way the AWS CLI writes it: `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds).
 *
 * @example
 * ```ts
 * formatTimestamp(new Date(Date.UTC(2030, 0, 1, 12, 30, 5, 999))); // '2030-01-01T12:30:05Z'
 * ```
 */
export function formatTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  // an invalid date, or a year outside 0–9999 (toISOString's ±YYYYYY form): toISOString's answer
  if (!(year >= 0 && year <= 9999)) return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Not toISOString for the rest: its first call in a process costs ~0.2 ms, a percent of
  // `ssokit credentials` answered from the cache; these getters cost microseconds.
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}T${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}Z`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

const instant = Date.UTC(2030, 0, 2, 3, 4, 5);

describe('parseTimestamp', () => {
  it.each([
    ['2030-01-02T03:04:05Z', instant],
    ['2030-01-02T03:04:05.000Z', instant],
    ['2030-01-02T03:04:05.123Z', instant + 123],
    ['2030-01-02T03:04:05.123456Z', instant + 123],
    ['2030-01-02T03:04:05+00:00', instant],
    ['2030-01-02T03:04:05.5+00:00', instant + 500],
    ['2030-01-02T05:04:05+02:00', instant],
    ['2030-01-01T22:04:05-05:00', instant],
    ['2030-01-02T08:34:05+0530', instant],
    ['2030-01-02T03:04:05UTC', instant],
    ['2030-01-02 03:04:05Z', instant],
    ['2030-01-02T03:04:05', instant],
    ['2030-01-02t03:04:05z', instant],
  ])('reads %s', (text, expected) => {
    expect(parseTimestamp(text)?.getTime()).toBe(expected);
  });

  it.each([
    '',
    'soon',
    '2030-13-01T00:00:00Z',
    '2030-02-30T00:00:00Z',
    '2030-01-01T24:00:00Z',
    '2030-01-01T00:00:00+25:00',
    '1893456000',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('rejects non-strings', () => {
    expect(parseTimestamp(1893456000)).toBeUndefined();
    expect(parseTimestamp(null)).toBeUndefined();
  });

  it('round-trips every whole-second instant through the CLI format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799 }), (seconds) => {
        const d = new Date(seconds * 1000);
        const text = formatTimestamp(d);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
        expect(parseTimestamp(text)?.getTime()).toBe(d.getTime());
        // Node's own parser agrees with ours on the offset form.
        expect(parseTimestamp(text.replace('Z', '+00:00'))?.getTime()).toBe(Date.parse(text));
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseTimestamp(s);
        expect(r === undefined || Number.isFinite(r.getTime())).toBe(true);
      }),
    );
  });
});

describe('formatTimestamp', () => {
  it('drops milliseconds like the CLI', () => {
    expect(formatTimestamp(new Date(instant + 999))).toBe('2030-01-02T03:04:05Z');
  });

  it('is toISOString without the milliseconds, for any instant; an invalid date throws as toISOString does', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (d) => {
        expect(formatTimestamp(d)).toBe(d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      }),
    );
    for (const year of [0, 9, 999, 1970, 9999]) {
      const d = new Date(0);
      d.setUTCFullYear(year, 0, 1);
      expect(formatTimestamp(d)).toBe(`${String(year).padStart(4, '0')}-01-01T00:00:00Z`);
    }
    expect(() => formatTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance, quotedList } from './did-you-mean.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['sso_sesion', 'sso_session', 1],
    ['dve', 'dev', 1],
    ['Dev', 'dev', 0],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closestMatch', () => {
  it('names the nearest candidate within reach, the first on a tie', () => {
    expect(closestMatch('acounts', ['roles', 'accounts', 'status'])).toBe('accounts');
    expect(closestMatch('--profil', ['--profile', '--format'])).toBe('--profile');
    expect(closestMatch('ab', ['ac', 'ad'])).toBe('ac');
  });

  it('suggests nothing far away, and nothing when the input is already a candidate', () => {
    expect(closestMatch('999999999999', ['111122223333', '444455556666'])).toBeUndefined();
    expect(closestMatch('x', ['production'])).toBeUndefined();
    expect(closestMatch('dev', ['dev', 'deV'])).toBeUndefined();
  });

  it('takes a wider or narrower reach when asked', () => {
    expect(closestMatch('abcd', ['wxyz'], { maxDistance: 4 })).toBe('wxyz');
    expect(closestMatch('sso_sesion', ['sso_session'], { maxDistance: 0 })).toBeUndefined();
  });
});

describe('quotedList', () => {
  it('quotes and caps', () => {
    expect(quotedList([])).toBe('');
    expect(quotedList(['dev', 'prod'])).toBe('"dev", "prod"');
    const many = Array.from({ length: 5000 }, (_, i) => `p${i}`);
    const text = quotedList(many);
    expect(text.endsWith('and 4980 more')).toBe(true);
    expect(text.split(', ')).toHaveLength(20);
  });
});

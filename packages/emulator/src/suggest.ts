import { closestMatch } from '@ssokit/protocol';

/** ` Did you mean X?` for the nearest candidate (protocol's typo rule), or the empty string when none is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const n = closestMatch(input, candidates);
  return n === undefined ? '' : ` Did you mean ${n}?`;
}

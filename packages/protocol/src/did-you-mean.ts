/**
 * How many single-character edits (insert, delete, replace, swap two neighbours) turn `a` into `b`
 * (the optimal-string-alignment distance). Letters are compared case-insensitively: `Dev` is one
 * name away from `dev` only in case, which is the typo people make.
 *
 * @example
 * ```ts
 * editDistance('sso_sesion', 'sso_session'); // 1
 * editDistance('dve', 'dev'); // 1 (two neighbours swapped)
 * ```
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // three rows of the dynamic-programming table are enough for the swap rule
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length]!;
}

/**
 * The candidate closest to `input`, for a "did you mean …?" hint; `undefined` when none is close
 * enough to be a typo of it (by default a third of the input's length, at least 1 and at most 3
 * edits), or when `input` itself is a candidate. Ties go to the earlier candidate.
 *
 * @example
 * ```ts
 * closestMatch('acounts', ['accounts', 'roles']); // 'accounts'
 * closestMatch('999999999999', ['111122223333']); // undefined
 * ```
 */
export function closestMatch(
  input: string,
  candidates: Iterable<string>,
  options: { maxDistance?: number } = {},
): string | undefined {
  const limit = options.maxDistance ?? Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === input) return undefined;
    const d = editDistance(input, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Quoted names for a message, at most `max` of them (default 20) and then how many more: a config
 * written by `ssokit populate` can hold thousands of profiles, which no one reads on one line.
 *
 * @example
 * ```ts
 * quotedList(['dev', 'prod']); // '"dev", "prod"'
 * quotedList(['a', 'b', 'c'], 2); // '"a", "b" and 1 more'
 * ```
 */
export function quotedList(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

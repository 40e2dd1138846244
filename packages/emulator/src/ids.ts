import { randomBytes, randomInt } from 'node:crypto';

const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Random URL-safe string of `bytes` random bytes. It never starts with `-` or `_`: a value such
 * as `-abc` passed on a command line (`--client-secret -abc`) reads as an option.
 */
export function randomToken(bytes: number): string {
  const s = randomBytes(bytes).toString('base64url');
  return /^[-_]/.test(s) ? `A${s.slice(1)}` : s;
}

/** RFC 8628 §6.1 style user code `XXXX-XXXX` from consonants only (no words, no look-alikes). */
export function newUserCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Normalises what a person typed as a user code: case, spaces, a missing dash. */
export function normalizeUserCode(input: string): string {
  const s = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return s.length === 8 ? `${s.slice(0, 4)}-${s.slice(4)}` : input.trim().toUpperCase();
}

/** An STS-style temporary access key id: `ASIA` + 16 characters. */
export function newAccessKeyId(): string {
  const bytes = randomBytes(16);
  let s = 'ASIA';
  for (const b of bytes) s += UPPER_ALNUM[b % UPPER_ALNUM.length];
  return s;
}

/**
 * A fresh secret access key (40 characters of standard base64, as AWS's) and session token,
 * from one draw of randomness: GetRoleCredentials is the hot path of the benchmark.
 */
export function newSecretAndSessionToken(): { secretAccessKey: string; sessionToken: string } {
  const random = randomBytes(210).toString('base64');
  return { secretAccessKey: random.slice(0, 40), sessionToken: random.slice(40) };
}

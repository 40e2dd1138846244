import { timingSafeEqual } from 'node:crypto';
import { oidcError } from '../errors.js';

/** Longest string the emulator stores from a request (client names, URIs, scopes, start URLs, state). */
export const MAX_STORED_FIELD_CHARS = 1024;
/** Most entries it stores of a list in a request (scopes, redirect URIs, grant types). */
export const MAX_STORED_LIST_ITEMS = 16;

/** Rejects a request value too long (or a list too long) to be kept in memory. */
export function checkStoredSize(member: string, value: string | readonly string[] | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    if (value.length > MAX_STORED_LIST_ITEMS)
      throw oidcError(
        'InvalidRequestException',
        `${member} must have at most ${MAX_STORED_LIST_ITEMS} entries`,
      );
    for (const v of value) checkStoredSize(member, v);
    return;
  }
  if (value.length > MAX_STORED_FIELD_CHARS)
    throw oidcError(
      'InvalidRequestException',
      `${member} must be at most ${MAX_STORED_FIELD_CHARS} characters`,
    );
}

/** Compares two secrets in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

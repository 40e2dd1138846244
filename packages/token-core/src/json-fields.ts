import { parseTimestamp } from './timestamps.js';

// Reading AWS CLI v2's cache files without zod: on the credential path, loading zod cost ~50 ms of a
// cold `fromSso` on Node 20 (its runtime plus building the schemas). What these accept is checked
// against the zod schemas they replace in test/cache-file-exactness.test.ts.

/** A JSON object (not null, not an array), as zod's object schemas take it. @internal */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The member when it is a non-empty string, else undefined (a wrong type is dropped, not fatal). @internal */
export function optionalNonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The member when it is an array of strings (a copy), else undefined. @internal */
export function optionalStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? [...value] : undefined;
}

/** The member when it is an RFC 3339 timestamp string, else undefined. @internal */
export function optionalTimestamp(value: unknown): Date | undefined {
  return typeof value === 'string' ? parseTimestamp(value) : undefined;
}

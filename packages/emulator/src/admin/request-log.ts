import type { OperationName } from '@ssokit/protocol';
import type { StsAction } from '../http/sts.js';

/**
 * One request as the emulator saw it. Secrets are redacted (see the design notes,
 * Secrets: apps/docs/guides/design.md#secrets).
 *
 * @example
 * ```ts
 * const [first] = emulator.admin.requests();
 * first?.operation; // 'RegisterClient'
 * first?.body;      // { clientName: 'my-tool', clientType: 'public' }
 * ```
 */
export interface RecordedRequest {
  /** Emulator-clock epoch milliseconds when the request arrived. */
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-case; secret values redacted. */
  headers: Record<string, string>;
  /**
   * The parsed JSON (or form) body with secret members redacted; undefined when there was none, it
   * was not JSON, or it was larger than 4 KiB (see `bodyBytes`).
   */
  body?: unknown;
  /** Size of the request body in bytes, when it had one. */
  bodyBytes?: number;
  /** The AWS operation the request addressed, when it addressed one (STS actions included). */
  operation?: OperationName | StsAction;
  /** The status answered (0 while unanswered, or when the connection was reset). */
  status: number;
}

/** Bodies larger than this are logged by size only (`bodyBytes`), not kept. */
export const MAX_RECORDED_BODY_BYTES = 4 * 1024;
/** Longest string the log keeps of a header, query or body value; longer ones end in `…[truncated]`. */
export const MAX_RECORDED_STRING_CHARS = 1024;

/** Truncates the strings of a recorded value so that one log entry stays small. */
export function capStrings<T>(value: T): T {
  if (typeof value === 'string')
    return (
      value.length > MAX_RECORDED_STRING_CHARS
        ? `${value.slice(0, MAX_RECORDED_STRING_CHARS)}…[truncated]`
        : value
    ) as T;
  if (Array.isArray(value)) return value.map(capStrings) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capStrings(v)])) as T;
  return value;
}

/** A fixed-size log: once full, each new entry overwrites the oldest. */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;
  constructor(readonly capacity: number) {
    this.#items = new Array(capacity);
  }
  get size(): number {
    return this.#size;
  }
  push(item: T): void {
    if (this.capacity === 0) return;
    this.#items[(this.#start + this.#size) % this.capacity] = item;
    if (this.#size < this.capacity) this.#size++;
    else this.#start = (this.#start + 1) % this.capacity;
  }
  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#start + i) % this.capacity]!);
    return out;
  }
  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }
}

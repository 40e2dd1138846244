import type { OperationName } from '@ssokit/protocol';

/**
 * One request as the emulator saw it. Secrets are redacted (shared/SPEC.md §8).
 *
 * @example
 * ```ts
 * const [first] = emulator.admin.requests();
 * first?.operation; // 'RegisterClient'
 * first?.body;     // { clientName: 'my-tool', clientType: 'public' }
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
  /** The AWS operation the request addressed, when it addressed one. */
  operation?: OperationName;
  /** The status answered (0 while unanswered, or when the connection was reset). */
  status: number;
}

/**
 * The kinds of fault the emulator can inject.
 *
 * @example
 * ```ts
 * const kind: FaultKind = 'reset';
 * emulator.admin.injectFault({ route: 'CreateToken', kind });
 * ```
 */
export type FaultKind = 'latency' | '500' | '503' | '429' | 'reset' | 'hang' | 'malformed-json' | 'truncated';

/**
 * A fault to inject on one route.
 *
 * @example
 * ```ts
 * // the next two GetRoleCredentials calls answer 503, then it recovers
 * emulator.admin.injectFault({ route: 'GetRoleCredentials', kind: '503', count: 2 });
 * // a tenth of CreateToken calls are slow
 * emulator.admin.injectFault({ route: 'CreateToken', kind: 'latency', latencyMs: 2000, probability: 0.1 });
 * ```
 */
export interface FaultSpec {
  /** An operation name (`CreateToken`), a path (`/device`), or `*` for every route. */
  route: OperationName | string;
  kind: FaultKind;
  /** How many matching requests it hits (default 1, or unlimited when `probability` is set). */
  count?: number;
  /** Chance (0–1) that a matching request is hit. */
  probability?: number;
  /** Delay for `latency` faults (default 1000 ms). */
  latencyMs?: number;
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

interface ActiveFault extends FaultSpec {
  remaining: number;
}

class TokenBucket {
  #tokens: number;
  #last: number;
  constructor(
    readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = Math.max(1, perSecond);
    this.#last = now;
  }
  take(now: number): boolean {
    const capacity = Math.max(1, this.perSecond);
    this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = Math.max(this.#last, now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Test hooks' state: request log, counters, faults and rate limits. */
export class Controls {
  readonly log: RingBuffer<RecordedRequest>;
  counters: Record<string, number> = {};
  #faults: ActiveFault[] = [];
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #limits = new Map<string, number>();
  /** Resolvers of hung requests, released on close. */
  readonly hangs = new Set<() => void>();

  constructor(
    readonly maxRecordedRequests: number,
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
  ) {
    this.log = new RingBuffer(maxRecordedRequests);
  }

  record(r: RecordedRequest): void {
    this.log.push(r);
  }

  count(operation: string): void {
    this.counters[operation] = (this.counters[operation] ?? 0) + 1;
  }

  addFault(spec: FaultSpec): void {
    const remaining = spec.count ?? (spec.probability === undefined ? 1 : Number.POSITIVE_INFINITY);
    this.#faults.push({ ...spec, remaining });
  }

  clearFaults(): void {
    this.#faults = [];
  }

  /** The fault that hits this request, if any (consumes one use). */
  takeFault(operation: string | undefined, path: string): ActiveFault | undefined {
    for (const f of this.#faults) {
      if (f.remaining <= 0) continue;
      if (f.route !== '*' && f.route !== operation && f.route !== path) continue;
      if (f.probability !== undefined && this.random() >= f.probability) continue;
      f.remaining -= 1;
      this.#faults = this.#faults.filter((x) => x.remaining > 0);
      return f;
    }
    return undefined;
  }

  setRateLimit(operation: string, perSecond: number | undefined): void {
    this.#buckets.delete(operation);
    if (perSecond === undefined) this.#limits.delete(operation);
    else this.#limits.set(operation, perSecond);
  }

  /** Whether the token bucket of `operation` lets one more request through. */
  allow(operation: string): boolean {
    const rate = this.#limits.get(operation);
    if (rate === undefined) return true;
    let b = this.#buckets.get(operation);
    if (!b) {
      b = new TokenBucket(rate, this.now());
      this.#buckets.set(operation, b);
    }
    return b.take(this.now());
  }

  reset(): void {
    this.log.clear();
    this.counters = {};
    this.clearFaults();
    this.#buckets.clear();
  }
}

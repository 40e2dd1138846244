import type { OperationName } from '@ssokit/protocol';
import { type RecordedRequest, RingBuffer } from './request-log.js';

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

/**
 * The state behind `emulator.admin` that is not Identity Center's: the request log, counters per
 * operation, injected faults and rate limits.
 */
export class AdminState {
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

import { abortedError, throwIfAborted } from './abort.js';
import { type SessionKeyInput, tokenCacheKey } from './cache-keys.js';
import { type Clock, systemClock } from './deps.js';
import { type LockHolder, LockTimeoutError } from './errors.js';
import { LOCK_WAIT_MS } from './timings.js';
import type { SsoSessionRef, SsoToken } from './token.js';
import type { HeldLock, LockOptions, TokenEntry, TokenStore } from './token-store.js';

/**
 * A token store in memory, with the same semantics as {@link FileTokenStore} inside one process.
 *
 * @example
 * ```ts
 * const store = new MemoryTokenStore();
 * const manager = new SessionManager({ store, refresher });
 * ```
 */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, SsoToken>();
  readonly #locks = new Map<string, Promise<void>>();
  readonly #holders = new Map<string, LockHolder>();
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  async read(session: SsoSessionRef): Promise<SsoToken | undefined> {
    const t = this.#tokens.get(tokenCacheKey(session));
    return t && { ...t };
  }
  async write(session: SsoSessionRef, token: SsoToken): Promise<void> {
    this.#tokens.set(tokenCacheKey(session), { ...token });
  }
  async remove(session: SessionKeyInput): Promise<void> {
    this.#tokens.delete(tokenCacheKey(session));
  }
  async removeKey(key: string): Promise<void> {
    this.#tokens.delete(key);
  }
  async list(): Promise<TokenEntry[]> {
    return [...this.#tokens].map(([key, token]) => ({ key, token: { ...token } }));
  }
  async lockHolder(session: SessionKeyInput): Promise<Partial<LockHolder> | undefined> {
    const key = tokenCacheKey(session);
    return this.#locks.has(key) ? { ...this.#holders.get(key) } : undefined;
  }
  async lock<T>(
    session: SessionKeyInput,
    fn: (held: HeldLock) => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const key = tokenCacheKey(session);
    const waitMs = options.waitMs ?? LOCK_WAIT_MS;
    const started = this.#clock.now();
    throwIfAborted(options.signal);
    for (;;) {
      const held = this.#locks.get(key);
      if (!held) break;
      if (waitMs === 0) throw new LockTimeoutError(`memory:${key}`, 0);
      await untilAborted(held, options.signal);
      if (this.#clock.now() - started > waitMs) throw new LockTimeoutError(`memory:${key}`, waitMs);
    }
    let done!: () => void;
    this.#locks.set(
      key,
      new Promise<void>((r) => {
        done = r;
      }),
    );
    const announce = async (activity: LockHolder['activity']) => {
      this.#holders.set(key, {
        activity,
        pid: process.pid,
        hostname: '',
        since: new Date(this.#clock.now()),
      });
    };
    await announce(options.activity ?? 'refresh');
    try {
      return await fn({ announce });
    } finally {
      this.#holders.delete(key);
      this.#locks.delete(key);
      done();
    }
  }
}

// Waiting for another holder stops when the caller aborts, as the file store's does.
function untilAborted(held: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return held;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    held.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

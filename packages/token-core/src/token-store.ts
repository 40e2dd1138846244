import type { SessionKeyInput } from './cache-keys.js';
import type { LockHolder } from './errors.js';
import type { SsoSessionRef, SsoToken } from './token.js';

/**
 * Options of {@link TokenStore.lock}.
 *
 * @example
 * ```ts
 * await store.lock(session, async () => refresh(), { waitMs: 30_000 });
 * ```
 */
export interface LockOptions {
  /** How long to wait for another holder, in ms. 0 = try once. */
  waitMs?: number | undefined;
  /** Stops waiting. */
  signal?: AbortSignal | undefined;
  /** What the holder tells waiting processes it is doing once it has the lock (default `refresh`). */
  activity?: LockHolder['activity'] | undefined;
  /**
   * When the holder is signing in, wait at most this long (ms), then throw
   * {@link SignInInProgressError}. For callers that will not sign in themselves: a sign-in waits for
   * a person. Default: wait as long as for any holder (`waitMs`).
   */
  signInWaitMs?: number | undefined;
}

/**
 * The lock as its holder sees it, passed to the function {@link TokenStore.lock} runs.
 *
 * @example
 * ```ts
 * await store.lock(session, async (held) => { await held.announce('sign-in'); return signIn(); });
 * ```
 */
export interface HeldLock {
  /** Tells processes waiting for the lock what the holder is doing now. */
  announce(activity: LockHolder['activity']): Promise<void>;
}

/**
 * One cached token found by {@link TokenStore.list}.
 *
 * @example
 * ```ts
 * for (const { key, token } of await store.list()) console.log(key, token.startUrl, token.expiresAt);
 * ```
 */
export interface TokenEntry {
  /** The cache key (file base name). */
  key: string;
  /** The file it came from, for a file store. */
  file?: string | undefined;
  token: SsoToken;
}

/**
 * Where SSO tokens live. {@link FileTokenStore} shares AWS CLI v2's files;
 * {@link MemoryTokenStore} is for tests and short-lived tools.
 *
 * @example
 * ```ts
 * const store: TokenStore = new FileTokenStore();
 * const token = await store.read({ ssoSession: 'work', startUrl, region: 'eu-west-1' });
 * ```
 */
export interface TokenStore {
  /** The cached token of a session, or `undefined` if there is none (or it is unreadable). */
  read(session: SsoSessionRef): Promise<SsoToken | undefined>;
  /** Stores a session's token, replacing any previous one. */
  write(session: SsoSessionRef, token: SsoToken): Promise<void>;
  /** Deletes a session's token (not its client registration). */
  remove(session: SessionKeyInput): Promise<void>;
  /** Deletes the token with cache key `key`. */
  removeKey(key: string): Promise<void>;
  /** Every cached token (client registrations and unreadable files are skipped). */
  list(): Promise<TokenEntry[]>;
  /**
   * Every file `aws sso logout` would delete: any JSON object with an `accessToken`, also without
   * `startUrl` or `region`. Optional: {@link logoutAll} falls back to {@link TokenStore.list}.
   */
  listForLogout?(): Promise<CachedTokenFile[]>;
  /**
   * Runs `fn` while holding the session's lock, which excludes other holders in this and other
   * processes. Throws {@link LockTimeoutError} when it cannot be taken within `waitMs`, and
   * {@link SignInInProgressError} when the holder is signing in for longer than `signInWaitMs`.
   */
  lock<T>(session: SessionKeyInput, fn: (held: HeldLock) => Promise<T>, options?: LockOptions): Promise<T>;
  /**
   * Who holds the session's lock right now, without taking it or writing anything; `undefined`
   * when nobody does. `activity` is absent while the holder has not said yet. Optional: without
   * it, callers take the lock to find out.
   */
  lockHolder?(session: SessionKeyInput): Promise<Partial<LockHolder> | undefined>;
}

/**
 * A cached token file as {@link logoutAll} sees it: whatever of `accessToken`, `startUrl` and
 * `region` it holds.
 *
 * @example
 * ```ts
 * for (const f of await store.listForLogout()) console.log(f.key, f.startUrl ?? '(no start URL)');
 * ```
 */
export interface CachedTokenFile {
  key: string;
  file?: string | undefined;
  accessToken?: string | undefined;
  startUrl?: string | undefined;
  region?: string | undefined;
}

/**
 * What {@link logoutAll} removed: a {@link CachedTokenFile} without its access token.
 *
 * @example
 * ```ts
 * const removed: RemovedToken[] = await logoutAll(store);
 * ```
 */
export type RemovedToken = Omit<CachedTokenFile, 'accessToken'>;

export { FileTokenStore, type FileTokenStoreOptions } from './file-token-store.js';
export { logoutAll } from './logout-all.js';
export { MemoryTokenStore } from './memory-token-store.js';

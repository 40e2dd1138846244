import { readdir, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type SessionKeyInput, tokenCacheKey } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import { CacheWriteError, type LockHolder, LockTimeoutError, SignInInProgressError } from './errors.js';
import { ensurePrivateDir, readTextFile, writePrivateFileAtomic } from './file-io.js';
import { type HomeEnv, resolveHomeDir, ssoCacheDir } from './home.js';
import { parseTokenFile, type SsoSessionRef, type SsoToken, serializeToken } from './token.js';

/**
 * Options of {@link TokenStore.lock}.
 *
 * @example
 * ```ts
 * await store.lock(session, async () => store.read(session), { waitMs: 30_000 });
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
 * await store.lock(session, async (held) => { await held.announce('sign-in'); return login(session); });
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
 * Options of {@link FileTokenStore}.
 *
 * @example
 * ```ts
 * new FileTokenStore({ homeDir: '/tmp/home', lockWaitMs: 60_000, logger: console });
 * ```
 */
export interface FileTokenStoreOptions {
  /** The home directory; default per SPEC §5 (`HOME`, `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH`, `os.homedir()`). */
  homeDir?: string | undefined;
  /** The cache directory itself; overrides `homeDir`. */
  cacheDir?: string | undefined;
  /** The environment the home directory is taken from (default `process.env`). */
  env?: HomeEnv | undefined;
  logger?: Logger | undefined;
  /** Used to pace lock retries. */
  clock?: Clock | undefined;
  /** Default wait for a lock held by another process (ms, default 180 000). */
  lockWaitMs?: number | undefined;
  /** A lock not refreshed by its holder for this long is taken over (ms, default 10 000, min 5 000). */
  staleLockMs?: number | undefined;
}

/**
 * A cached token file as {@link logoutAll} sees it: whatever of `accessToken`, `startUrl` and
 * `region` it holds.
 *
 * @example
 * ```ts
 * for (const f of await new FileTokenStore().listForLogout()) console.log(f.key, f.startUrl ?? '(no start URL)');
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

const TOKEN_FILE = /^[0-9a-f]{40}\.json$/;

// The holder's note sits next to the lock directory, as `KEY.json.lock.holder`:
// `{"activity","pid","hostname","since"}`, no `accessToken`, so `aws sso logout` leaves it.
function parseHolder(text: string): LockHolder | undefined {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const since = typeof j['since'] === 'string' ? new Date(j['since']) : undefined;
    if (
      (j['activity'] !== 'sign-in' && j['activity'] !== 'refresh') ||
      typeof j['pid'] !== 'number' ||
      typeof j['hostname'] !== 'string' ||
      !since ||
      Number.isNaN(since.getTime())
    )
      return undefined;
    return { activity: j['activity'], pid: j['pid'], hostname: j['hostname'], since };
  } catch {
    return undefined;
  }
}

// A holder on this machine whose process is gone left its note behind (kill -9): not a holder.
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The token store AWS CLI v2 and the AWS SDKs use: `~/.aws/sso/cache/KEY.json`. Reads tolerate
 * every timestamp form and treat corrupt files as absent (one warning per file); writes are atomic,
 * 0600 in a 0700 directory; locks are `KEY.json.lock` directories (proper-lockfile) with stale-lock
 * recovery.
 *
 * @example
 * ```ts
 * const store = new FileTokenStore({ homeDir: '/tmp/home', logger: console });
 * await store.write(session, token);
 * ```
 */
export class FileTokenStore implements TokenStore {
  /** The directory tokens are kept in. */
  readonly cacheDir: string;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #lockWaitMs: number;
  readonly #staleLockMs: number;
  readonly #warned = new Set<string>();

  constructor(options: FileTokenStoreOptions = {}) {
    this.cacheDir =
      options.cacheDir ?? ssoCacheDir(options.homeDir ?? resolveHomeDir(options.env ?? process.env));
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
    this.#lockWaitMs = options.lockWaitMs ?? 180_000;
    this.#staleLockMs = Math.max(5_000, options.staleLockMs ?? 10_000);
  }

  /** The file a session's token lives in. */
  tokenPath(session: SessionKeyInput): string {
    return join(this.cacheDir, `${tokenCacheKey(session)}.json`);
  }

  async read(session: SsoSessionRef): Promise<SsoToken | undefined> {
    const file = this.tokenPath(session);
    const got = await readTextFile(file, { regularFileOnly: true });
    if ('missing' in got) {
      this.#logger.debug('no cached SSO token', { file });
      return undefined;
    }
    if ('error' in got) {
      this.#warnOnce(file, `the file cannot be read (${got.error})`);
      return undefined;
    }
    const parsed = parseTokenFile(got.text);
    if (!parsed.ok) {
      this.#warnOnce(file, parsed.problem);
      return undefined;
    }
    return {
      ...parsed.token,
      startUrl: parsed.token.startUrl ?? session.startUrl,
      region: parsed.token.region ?? session.region,
    };
  }

  async write(session: SsoSessionRef, token: SsoToken): Promise<void> {
    const file = this.tokenPath(session);
    await ensurePrivateDir(this.cacheDir, this.#logger);
    // Keep keys another tool wrote into the file we are replacing.
    let extra: Record<string, unknown> = {};
    const existing = await readTextFile(file, { regularFileOnly: true });
    if ('text' in existing) {
      const parsed = parseTokenFile(existing.text);
      if (parsed.ok) extra = parsed.extra;
    }
    await writePrivateFileAtomic(file, serializeToken(token, extra));
    this.#logger.debug('wrote SSO token', { file, expiresAt: token.expiresAt.toISOString() });
  }

  remove(session: SessionKeyInput): Promise<void> {
    return this.removeKey(tokenCacheKey(session));
  }

  async removeKey(key: string): Promise<void> {
    const file = join(this.cacheDir, `${key}.json`);
    try {
      await unlink(file);
      this.#logger.debug('deleted SSO token', { file });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new CacheWriteError(file, { cause: e });
    }
  }

  // The `*.json` files of the cache directory matching `names`, read as text; what cannot be read
  // (a FIFO, a directory, no permission) is skipped with a warning.
  async #scan(names: RegExp): Promise<Array<{ key: string; file: string; text: string }>> {
    let all: string[];
    try {
      all = await readdir(this.cacheDir);
    } catch {
      return [];
    }
    const out: Array<{ key: string; file: string; text: string }> = [];
    for (const name of all.filter((n) => names.test(n)).sort()) {
      const file = join(this.cacheDir, name);
      const got = await readTextFile(file, { regularFileOnly: true });
      if ('error' in got) this.#warnOnce(file, `the file cannot be read (${got.error})`);
      if ('text' in got) out.push({ key: name.slice(0, -'.json'.length), file, text: got.text });
    }
    return out;
  }

  async list(): Promise<TokenEntry[]> {
    const out: TokenEntry[] = [];
    for (const { key, file, text } of await this.#scan(TOKEN_FILE)) {
      // Client registrations share the directory: skip them silently.
      if (!/"accessToken"\s*:/.test(text) && /^\s*\{[\s\S]*\}\s*$/.test(text)) continue;
      const parsed = parseTokenFile(text);
      if (!parsed.ok) {
        this.#warnOnce(file, parsed.problem);
        continue;
      }
      const { startUrl, region } = parsed.token;
      if (startUrl === undefined || region === undefined) continue;
      out.push({ key, file, token: { ...parsed.token, startUrl, region } });
    }
    return out;
  }

  async listForLogout(): Promise<CachedTokenFile[]> {
    const out: CachedTokenFile[] = [];
    for (const { key, file, text } of await this.#scan(/\.json$/)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        continue;
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json) || !('accessToken' in json))
        continue;
      const j = json as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
      out.push({
        key,
        file,
        ...(str(j['accessToken']) ? { accessToken: str(j['accessToken']) } : {}),
        ...(str(j['startUrl']) ? { startUrl: str(j['startUrl']) } : {}),
        ...(str(j['region']) ? { region: str(j['region']) } : {}),
      });
    }
    return out;
  }

  async lockHolder(session: SessionKeyInput): Promise<Partial<LockHolder> | undefined> {
    const lockPath = `${this.tokenPath(session)}.lock`;
    try {
      // a lock its holder stopped touching is stale: the next taker takes it over
      const { mtimeMs } = await stat(lockPath);
      if (Date.now() - mtimeMs > this.#staleLockMs) return undefined;
    } catch {
      return undefined;
    }
    return (await this.#readHolder(lockPath)) ?? {};
  }

  async #readHolder(lockPath: string): Promise<LockHolder | undefined> {
    const got = await readTextFile(`${lockPath}.holder`, { regularFileOnly: true });
    if (!('text' in got)) return undefined;
    const holder = parseHolder(got.text);
    return holder && isAlive(holder) ? holder : undefined;
  }

  async lock<T>(
    session: SessionKeyInput,
    fn: (held: HeldLock) => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const file = this.tokenPath(session);
    const lockPath = `${file}.lock`;
    const holderPath = `${lockPath}.holder`;
    const waitMs = options.waitMs ?? this.#lockWaitMs;
    await ensurePrivateDir(this.cacheDir, this.#logger);
    const started = this.#clock.now();
    let delay = 15;
    let told = false;
    let release: () => Promise<void>;
    // Loaded on first use: reading a valid token (most processes) never needs the lock library,
    // and it costs a few milliseconds of start-up (it also installs signal-exit's handlers).
    const { default: lockfile } = await import('proper-lockfile');
    for (;;) {
      try {
        release = await lockfile.lock(file, {
          realpath: false,
          lockfilePath: lockPath,
          stale: this.#staleLockMs,
          retries: 0,
          // The default throws from a timer, which would crash the host process.
          onCompromised: (err) =>
            this.#logger.warn('the SSO session lock was taken over while held (process stalled?)', {
              lockPath,
              code: (err as NodeJS.ErrnoException).code,
            }),
        });
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ELOCKED')
          throw new CacheWriteError(lockPath, { cause: e });
        const waited = this.#clock.now() - started;
        const holder = await this.#readHolder(lockPath);
        if (!told) {
          told = true;
          this.#logger.debug(
            holder
              ? `waiting for the SSO session lock: pid ${holder.pid} on ${holder.hostname} is ${holder.activity === 'sign-in' ? 'signing in' : 'refreshing'} since ${holder.since.toISOString()}`
              : 'waiting for the SSO session lock',
            { lockPath },
          );
        }
        const limit =
          holder?.activity === 'sign-in' && options.signInWaitMs !== undefined
            ? Math.min(waitMs, options.signInWaitMs)
            : waitMs;
        if (waited >= limit) {
          if (limit < waitMs && holder) throw new SignInInProgressError(session, holder, lockPath);
          throw new LockTimeoutError(lockPath, waitMs);
        }
        await this.#clock.sleep(Math.min(delay * (0.5 + Math.random()), limit - waited), options.signal);
        delay = Math.min(delay * 1.6, 250);
      }
    }
    const announce = async (activity: LockHolder['activity']) => {
      const since = new Date(this.#clock.now()).toISOString();
      const note = { activity, pid: process.pid, hostname: hostname(), since };
      try {
        await writePrivateFileAtomic(holderPath, JSON.stringify(note));
      } catch (e) {
        // only waiters' messages depend on it
        this.#logger.debug('could not record what the SSO session lock is held for', {
          lockPath,
          code: (e as { code?: unknown }).code,
        });
      }
    };
    await announce(options.activity ?? 'refresh');
    try {
      return await fn({ announce });
    } finally {
      await unlink(holderPath).catch(() => {});
      await release().catch((e: NodeJS.ErrnoException) =>
        this.#logger.warn('could not release the SSO session lock', { lockPath, code: e.code }),
      );
    }
  }

  #warnOnce(file: string, problem: string): void {
    const id = `${file}\0${problem}`;
    if (this.#warned.has(id)) return;
    this.#warned.add(id);
    this.#logger.warn(`ignoring the SSO token cache file ${file}: ${problem}`, { file });
  }
}

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
    const waitMs = options.waitMs ?? 180_000;
    const started = this.#clock.now();
    for (;;) {
      const held = this.#locks.get(key);
      if (!held) break;
      if (waitMs === 0) throw new LockTimeoutError(`memory:${key}`, 0);
      await held;
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

/**
 * Signs out locally the way `aws sso logout` does: every file in the cache that holds an
 * `accessToken` is deleted, also one without `startUrl` or `region`; for those with a `region`,
 * `onToken` runs first (for example to call the portal's Logout; a failure there is logged and the
 * file deleted anyway). Client registrations are kept; files that cannot be read (a FIFO, no
 * permission) are skipped with a warning. Resolves to what was removed, without the tokens.
 *
 * @example
 * ```ts
 * const portal = new SsoPortalClient({ region: 'eu-west-1' });
 * const removed = await logoutAll(new FileTokenStore(), async (token) => {
 *   await portal.logout({ accessToken: token.accessToken });
 * });
 * console.log(`signed out of ${removed.length} sessions`);
 * ```
 */
export async function logoutAll(
  store: TokenStore,
  onToken?: (token: { accessToken: string; region: string; startUrl?: string | undefined }) => Promise<void>,
  logger: Logger = silentLogger,
): Promise<RemovedToken[]> {
  const entries: CachedTokenFile[] = store.listForLogout
    ? await store.listForLogout()
    : (await store.list()).map(({ key, file, token }) => ({
        key,
        file,
        accessToken: token.accessToken,
        startUrl: token.startUrl,
        region: token.region,
      }));
  const removed: RemovedToken[] = [];
  for (const { accessToken, ...entry } of entries) {
    if (onToken && accessToken && entry.region) {
      try {
        await onToken({ accessToken, region: entry.region, startUrl: entry.startUrl });
      } catch (e) {
        // A failed server-side logout must not keep the local token around.
        logger.warn('server-side logout failed; deleting the cached token anyway', {
          key: entry.key,
          code: (e as { code?: string }).code,
        });
      }
    }
    await store.removeKey(entry.key);
    removed.push(entry);
  }
  return removed;
}

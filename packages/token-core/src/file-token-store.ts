import { CacheDirectory, type CacheLocationOptions } from './cache-directory.js';
import { type SessionKeyInput, tokenCacheKey } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import { type LockHolder, SignInInProgressError } from './errors.js';
import { ensurePrivateDir } from './file-io.js';
import { fileLockHolder, withFileLock } from './file-lock.js';
import { ssoCacheDir } from './home.js';
import { LOCK_WAIT_MS } from './timings.js';
import { parseTokenFile, type SsoSessionRef, type SsoToken, serializeToken } from './token.js';
import type { CachedTokenFile, HeldLock, LockOptions, TokenEntry, TokenStore } from './token-store.js';

/**
 * Options of {@link FileTokenStore}.
 *
 * @example
 * ```ts
 * new FileTokenStore({ homeDir: '/tmp/home', lockWaitMs: 60_000, logger: console });
 * ```
 */
export interface FileTokenStoreOptions extends CacheLocationOptions {
  /** Used to pace lock retries. */
  clock?: Clock | undefined;
  /** Spreads the lock retries of processes that wait together (0 ≤ x < 1; default `Math.random`). */
  random?: (() => number) | undefined;
  /** Default wait for a lock held by another process (ms, default 180 000, `LOCK_WAIT_MS`). */
  lockWaitMs?: number | undefined;
  /** A lock not refreshed by its holder for this long is taken over (ms, default 10 000, min 5 000). */
  staleLockMs?: number | undefined;
}

const TOKEN_FILE = /^[0-9a-f]{40}\.json$/;

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
  readonly #dir: CacheDirectory;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #random: (() => number) | undefined;
  readonly #lockWaitMs: number;
  readonly #staleLockMs: number;

  constructor(options: FileTokenStoreOptions = {}) {
    this.#dir = new CacheDirectory(ssoCacheDir, 'SSO token cache file', options);
    this.cacheDir = this.#dir.path;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random;
    this.#lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
    this.#staleLockMs = Math.max(5_000, options.staleLockMs ?? 10_000);
  }

  /** The file a session's token lives in. */
  tokenPath(session: SessionKeyInput): string {
    return this.#dir.fileFor(tokenCacheKey(session));
  }

  async read(session: SsoSessionRef): Promise<SsoToken | undefined> {
    const token = await this.#dir.read(tokenCacheKey(session), (text) => {
      const parsed = parseTokenFile(text);
      return parsed.ok ? { ok: true, value: parsed.token } : parsed;
    });
    if (!token) {
      this.#logger.debug('no usable cached SSO token', { file: this.tokenPath(session) });
      return undefined;
    }
    return { ...token, startUrl: token.startUrl ?? session.startUrl, region: token.region ?? session.region };
  }

  async write(session: SsoSessionRef, token: SsoToken): Promise<void> {
    const key = tokenCacheKey(session);
    // Keep keys another tool wrote into the file we are replacing.
    let extra: Record<string, unknown> = {};
    const existing = await this.#dir.readText(key);
    if (existing !== undefined) {
      const parsed = parseTokenFile(existing);
      if (parsed.ok) extra = parsed.extra;
    }
    await this.#dir.write(key, serializeToken(token, extra));
    this.#logger.debug('wrote SSO token', {
      file: this.tokenPath(session),
      expiresAt: token.expiresAt.toISOString(),
    });
  }

  remove(session: SessionKeyInput): Promise<void> {
    return this.removeKey(tokenCacheKey(session));
  }

  async removeKey(key: string): Promise<void> {
    if (await this.#dir.remove(key))
      this.#logger.debug('deleted SSO token', { file: this.#dir.fileFor(key) });
  }

  async list(): Promise<TokenEntry[]> {
    const out: TokenEntry[] = [];
    for (const { key, file, text } of await this.#dir.scan(TOKEN_FILE)) {
      // Client registrations share the directory: skip them silently.
      if (!/"accessToken"\s*:/.test(text) && /^\s*\{[\s\S]*\}\s*$/.test(text)) continue;
      const parsed = parseTokenFile(text);
      if (!parsed.ok) {
        this.#dir.warnOnce(file, parsed.problem, text);
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
    for (const { key, file, text } of await this.#dir.scan()) {
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

  lockHolder(session: SessionKeyInput): Promise<Partial<LockHolder> | undefined> {
    return fileLockHolder(this.tokenPath(session), this.#staleLockMs);
  }

  async lock<T>(
    session: SessionKeyInput,
    fn: (held: HeldLock) => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    await ensurePrivateDir(this.cacheDir, this.#logger);
    return withFileLock(this.tokenPath(session), fn, options, {
      waitMs: this.#lockWaitMs,
      staleMs: this.#staleLockMs,
      clock: this.#clock,
      logger: this.#logger,
      random: this.#random,
      signInTooLong: (holder, lockPath) => new SignInInProgressError(session, holder, lockPath),
    });
  }
}

import { createHash } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type Logger, silentLogger } from './deps.js';
import { CacheWriteError } from './errors.js';
import { ensurePrivateDir, readTextFile, writePrivateFileAtomic } from './file-io.js';
import { type HomeEnv, resolveHomeDir } from './home.js';

/**
 * Where a cache directory is: the directory itself, or the home directory it is found under.
 * Every AWS-compatible cache of ssokit takes these options.
 *
 * @example
 * ```ts
 * new RegistrationCache({ homeDir: '/tmp/home' });
 * new RoleCredentialCache({ cacheDir: '/tmp/role-cache' });
 * ```
 */
export interface CacheLocationOptions {
  /** The home directory; default from `env`: `HOME`, `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH`, then `os.homedir()`. */
  homeDir?: string | undefined;
  /** The cache directory itself; overrides `homeDir`. */
  cacheDir?: string | undefined;
  /** The environment the home directory is taken from (default `process.env`). */
  env?: HomeEnv | undefined;
  /** Where warnings about unreadable or broken files go (default: silent). */
  logger?: Logger | undefined;
}

/**
 * The outcome of a cache's file codec: the value, or what is wrong (never the file's content).
 *
 * @example
 * ```ts
 * const decode = (text: string): Decoded<number> => (/^\d+$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, problem: 'not a number' });
 * ```
 */
export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The plumbing the AWS-compatible caches share (SSO tokens, client registrations, role
 * credentials): one directory of `KEY.json` files, read without ever blocking on a FIFO, a broken
 * file read as absent with one warning (naming the file, never its content), written atomically
 * with mode 0600 in a 0700 directory, removed with one error behaviour. Each cache keeps its own
 * key function and file codec.
 *
 * @example
 * ```ts
 * const dir = new CacheDirectory((home) => join(home, '.aws', 'cli', 'cache'), 'role-credential cache file', { homeDir });
 * const value = await dir.read(key, (text) => ({ ok: true, value: JSON.parse(text) }));
 * ```
 */
export class CacheDirectory {
  /** The directory the files live in. */
  readonly path: string;
  readonly #what: string;
  readonly #logger: Logger;
  readonly #warned = new Set<string>();

  /**
   * @param underHome - the directory for a home directory (e.g. `~/.aws/sso/cache`)
   * @param what - what a file is, for warnings (e.g. `SSO token cache file`)
   */
  constructor(underHome: (homeDir: string) => string, what: string, options: CacheLocationOptions = {}) {
    this.path = options.cacheDir ?? underHome(options.homeDir ?? resolveHomeDir(options.env ?? process.env));
    this.#what = what;
    this.#logger = options.logger ?? silentLogger;
  }

  /** The file of a key: `DIR/KEY.json`. */
  fileFor(key: string): string {
    return join(this.path, `${key}.json`);
  }

  /** A key's file as text; `undefined` when it is missing, with a warning when it cannot be read. */
  async readText(key: string): Promise<string | undefined> {
    const file = this.fileFor(key);
    const got = await readTextFile(file, { regularFileOnly: true });
    if ('error' in got) this.warnOnce(file, `the file cannot be read (${got.error})`);
    return 'text' in got ? got.text : undefined;
  }

  /** A key's value decoded by `decode`; `undefined` when the file is missing, unreadable or broken. */
  async read<T>(key: string, decode: (text: string) => Decoded<T>): Promise<T | undefined> {
    const text = await this.readText(key);
    if (text === undefined) return undefined;
    const decoded = decode(text);
    if (decoded.ok) return decoded.value;
    this.warnOnce(this.fileFor(key), decoded.problem, text);
    return undefined;
  }

  /** Writes a key's file atomically (0600, in a 0700 directory); throws `CacheWriteError`. */
  async write(key: string, text: string): Promise<void> {
    await ensurePrivateDir(this.path, this.#logger);
    await writePrivateFileAtomic(this.fileFor(key), text);
  }

  /** Deletes a key's file. Resolves to whether there was one; throws `CacheWriteError` when it cannot. */
  remove(key: string): Promise<boolean> {
    return this.removeFile(this.fileFor(key));
  }

  /** Deletes a file of the directory (one {@link scan} found), as {@link remove} does. */
  async removeFile(file: string): Promise<boolean> {
    try {
      await unlink(file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new CacheWriteError(file, { cause: e });
    }
  }

  /**
   * The files whose names match `names` (default `*.json`), sorted, read as text, with their key
   * (the name without `.json`); what cannot be read (a FIFO, a directory, no permission) is skipped
   * with a warning. A missing directory is empty; one that cannot be read is empty, with a warning.
   */
  async scan(names: RegExp = /\.json$/): Promise<Array<{ key: string; file: string; text: string }>> {
    let all: string[];
    try {
      all = await readdir(this.path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        this.warnOnce(this.path, `the directory cannot be read (${code ?? 'unreadable'})`);
      return [];
    }
    const out: Array<{ key: string; file: string; text: string }> = [];
    for (const name of all.filter((n) => names.test(n)).sort()) {
      const file = join(this.path, name);
      const got = await readTextFile(file, { regularFileOnly: true });
      if ('error' in got) this.warnOnce(file, `the file cannot be read (${got.error})`);
      if ('text' in got) out.push({ key: name.replace(/\.json$/, ''), file, text: got.text });
    }
    return out;
  }

  /**
   * Warns that a file is ignored, once per file, problem and content: a long-lived process that
   * reads the same broken file again stays quiet until the file changes.
   */
  warnOnce(file: string, problem: string, text?: string): void {
    const version = text === undefined ? '' : createHash('sha1').update(text).digest('hex');
    const id = `${file}\0${problem}\0${version}`;
    if (this.#warned.has(id)) return;
    this.#warned.add(id);
    this.#logger.warn(`ignoring the ${this.#what} ${file}: ${problem}`, { file });
  }
}

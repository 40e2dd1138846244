import { chmod, mkdir, readFile } from 'node:fs/promises';
import type { Logger } from './deps.js';
import { CacheWriteError } from './errors.js';

/**
 * Creates `dir` (0700) if needed, and tightens its mode when it already existed.
 *
 * @example
 * ```ts
 * await ensurePrivateDir(join(homeDir, '.aws', 'cli', 'cache'), logger);
 * ```
 */
export async function ensurePrivateDir(dir: string, logger: Logger): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new CacheWriteError(dir, { cause });
  }
  if (process.platform === 'win32') return;
  try {
    await chmod(dir, 0o700);
  } catch (cause) {
    // Not our directory (e.g. shared home): writing may still work, so only warn.
    logger.warn('could not set the SSO cache directory to mode 0700', {
      dir,
      code: (cause as NodeJS.ErrnoException).code,
    });
  }
}

/**
 * Writes `text` to `file` atomically: a temp file in the same directory, fsync, rename, mode
 * 0600. A crash at any moment leaves the complete old or the complete new file.
 *
 * @example
 * ```ts
 * await writePrivateFileAtomic(join(dir, `${key}.json`), JSON.stringify(entry));
 * ```
 */
export async function writePrivateFileAtomic(file: string, text: string): Promise<void> {
  try {
    // loaded here, not at the top: it pulls in worker_threads and exit handlers, which a run that
    // only reads its caches (credential_process, most of the time) should not pay for
    const { default: writeFileAtomic } = await import('write-file-atomic');
    await writeFileAtomic(file, text, { mode: 0o600, fsync: true, encoding: 'utf8' });
  } catch (cause) {
    throw new CacheWriteError(file, { cause });
  }
}

/**
 * Reads a file as text: `{ text }`, `{ missing: true }` when it does not exist, or `{ error }` with
 * the errno code for anything else. Never throws.
 *
 * @example
 * ```ts
 * const got = await readTextFile(file);
 * if ('text' in got) parse(got.text);
 * ```
 */
export async function readTextFile(
  file: string,
): Promise<{ text: string } | { missing: true } | { error: string }> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { error: code ?? 'unreadable' };
  }
}

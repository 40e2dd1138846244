import { constants } from 'node:fs';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import type { Logger } from './deps.js';
import { CacheWriteError } from './errors.js';

/**
 * Creates `dir` and any missing parents with mode 0700. A directory that already exists keeps its
 * mode, whoever made it: it may be shared (`/tmp`, mode 1777) or a symlink to somewhere the user
 * chose, so changing it is not ours to do. When it is group- or world-writable, `logger.warn` says
 * so, because another user could then replace the files in it.
 *
 * @example
 * ```ts
 * import { homedir } from 'node:os';
 * import { join } from 'node:path';
 *
 * await ensurePrivateDir(join(homedir(), '.aws', 'cli', 'cache'), console);
 * ```
 */
export async function ensurePrivateDir(dir: string, logger: Logger): Promise<void> {
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new CacheWriteError(dir, { cause });
  }
  if (created !== undefined || process.platform === 'win32') return;
  try {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o022) !== 0)
      logger.warn(
        `${dir} is writable by other users (mode ${(mode & 0o7777).toString(8)}); ssokit leaves its mode alone. Run \`chmod 700 ${dir}\` if it is yours alone.`,
        { dir },
      );
  } catch {
    // it existed a moment ago: the write that follows reports any real problem
  }
}

/**
 * Writes `text` to `file` atomically: a temp file in the same directory, fsync, rename, mode
 * 0600. A crash at any moment leaves the complete old or the complete new file.
 *
 * @example
 * ```ts
 * await writePrivateFileAtomic('/tmp/home/.aws/sso/cache/example.json', JSON.stringify({ startUrl: 'https://my-org.awsapps.com/start' }));
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
 * the errno code for anything else. Never throws. With `regularFileOnly`, anything but a regular
 * file (a FIFO, a device, a directory) is `{ error: 'not a regular file' }` and is never read: it
 * is opened without blocking, so a FIFO planted in a cache directory cannot hang the caller.
 *
 * @example
 * ```ts
 * const got = await readTextFile('/tmp/home/.aws/sso/cache/example.json', { regularFileOnly: true });
 * if ('text' in got) console.log(JSON.parse(got.text));
 * ```
 */
export async function readTextFile(
  file: string,
  options: { regularFileOnly?: boolean } = {},
): Promise<{ text: string } | { missing: true } | { error: string }> {
  try {
    if (!options.regularFileOnly) return { text: await readFile(file, 'utf8') };
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer (not on Windows)
    const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      if (!(await handle.stat()).isFile()) return { error: 'not a regular file' };
      return { text: await handle.readFile('utf8') };
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { error: code ?? 'unreadable' };
  }
}

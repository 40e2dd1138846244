import { stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Clock, Logger } from './deps.js';
import { CacheWriteError, type LockHolder, LockTimeoutError } from './errors.js';
import { readTextFile, writePrivateFileAtomic } from './file-io.js';
import type { HeldLock, LockOptions } from './token-store.js';

/**
 * What {@link withFileLock} needs besides the {@link LockOptions} of one call.
 *
 * @example
 * ```ts
 * const setup: FileLockSetup = { waitMs: 180_000, staleMs: 10_000, clock: systemClock, logger: silentLogger, random: Math.random, signInTooLong: (h) => new Error(`pid ${h.pid} is signing in`) };
 * ```
 */
export interface FileLockSetup {
  /** The wait when the call gives none (ms). */
  waitMs: number;
  /** A lock not refreshed by its holder for this long is taken over (ms, at least 5 000). */
  staleMs: number;
  /** Paces the retries. */
  clock: Clock;
  logger: Logger;
  /** Spreads the retries of processes that wait together (0 ≤ x < 1; default `Math.random`). */
  random?: (() => number) | undefined;
  /** The error when the holder signs in for longer than `signInWaitMs`. */
  signInTooLong: (holder: LockHolder, lockPath: string) => Error;
}

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

async function readHolder(lockPath: string): Promise<LockHolder | undefined> {
  const got = await readTextFile(`${lockPath}.holder`, { regularFileOnly: true });
  if (!('text' in got)) return undefined;
  const holder = parseHolder(got.text);
  return holder && isAlive(holder) ? holder : undefined;
}

/**
 * Who holds the lock of `target` right now (`TARGET.lock`), without taking it or writing anything;
 * `undefined` when nobody does (or the lock is stale). `activity` is absent while the holder has
 * not said yet.
 *
 * @example
 * ```ts
 * const holder = await fileLockHolder(join(cacheDir, `${key}.json`), 10_000);
 * ```
 */
export async function fileLockHolder(
  target: string,
  staleMs: number,
): Promise<Partial<LockHolder> | undefined> {
  const lockPath = `${target}.lock`;
  try {
    // a lock its holder stopped touching is stale: the next taker takes it over
    const { mtimeMs } = await stat(lockPath);
    if (Date.now() - mtimeMs > staleMs) return undefined;
  } catch {
    return undefined;
  }
  return (await readHolder(lockPath)) ?? {};
}

/**
 * Runs `fn` holding the cross-process lock of `target`: a `TARGET.lock` directory
 * (proper-lockfile) with stale-lock recovery, and next to it `TARGET.lock.holder`, a note of what
 * the holder is doing (`{"activity","pid","hostname","since"}`, no `accessToken`, so
 * `aws sso logout` leaves it). Waiting is paced by the clock with a jittered backoff. The directory
 * of `target` must exist.
 *
 * @example
 * ```ts
 * await withFileLock(join(dir, 'x.json'), async () => update(), {}, setup);
 * ```
 */
export async function withFileLock<T>(
  target: string,
  fn: (held: HeldLock) => Promise<T>,
  options: LockOptions,
  setup: FileLockSetup,
): Promise<T> {
  const { clock, logger } = setup;
  const random = setup.random ?? Math.random;
  const lockPath = `${target}.lock`;
  const holderPath = `${lockPath}.holder`;
  const waitMs = options.waitMs ?? setup.waitMs;
  const started = clock.now();
  let delay = 15;
  let told = false;
  let release: () => Promise<void>;
  // Loaded on first use: reading a valid token (most processes) never needs the lock library,
  // and it costs a few milliseconds of start-up (it also installs signal-exit's handlers).
  const { default: lockfile } = await import('proper-lockfile');
  for (;;) {
    try {
      release = await lockfile.lock(target, {
        realpath: false,
        lockfilePath: lockPath,
        stale: setup.staleMs,
        retries: 0,
        // The default throws from a timer, which would crash the host process.
        onCompromised: (err) =>
          logger.warn('the SSO session lock was taken over while held (process stalled?)', {
            lockPath,
            code: (err as NodeJS.ErrnoException).code,
          }),
      });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw new CacheWriteError(lockPath, { cause: e });
      const waited = clock.now() - started;
      const holder = await readHolder(lockPath);
      if (!told) {
        told = true;
        logger.debug(
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
        if (limit < waitMs && holder) throw setup.signInTooLong(holder, lockPath);
        throw new LockTimeoutError(lockPath, waitMs);
      }
      await clock.sleep(Math.min(delay * (0.5 + random()), limit - waited), options.signal);
      delay = Math.min(delay * 1.6, 250);
    }
  }
  const announce = async (activity: LockHolder['activity']) => {
    const since = new Date(clock.now()).toISOString();
    const note = { activity, pid: process.pid, hostname: hostname(), since };
    try {
      await writePrivateFileAtomic(holderPath, JSON.stringify(note));
    } catch (e) {
      // only waiters' messages depend on it
      logger.debug('could not record what the SSO session lock is held for', {
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
      logger.warn('could not release the SSO session lock', { lockPath, code: e.code }),
    );
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary directory to use as a home, and how to remove it. */
export async function tempHome(
  prefix = 'ssokit-test-',
): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), prefix));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** Call in a suite: returns a function that makes a fresh temp directory, removed after each test. */
export function useTempDirs(prefix = 'ssokit-test-'): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const { home } = await tempHome(prefix);
    dirs.push(home);
    return home;
  };
}

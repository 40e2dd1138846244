import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp directory per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const d = await mkdtemp(join(tmpdir(), 'ssokit-cp-'));
    dirs.push(d);
    return d;
  };
}

/** Whether python3 with botocore is available; prints why not when it is not and CI is unset. */
export function pythonWithBotocore(): boolean {
  const r = spawnSync('python3', ['-c', 'import botocore'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env['CI']) return true; // in CI the tests must run (and fail loudly if python is missing)
  console.log('skipping the botocore comparison: python3 with botocore is not available here');
  return false;
}

/** Runs a python3 script with `input` as JSON on stdin; returns its stdout. */
export function python(script: string, input: unknown): string {
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt as assertFiles, tempHome as tempDir } from '@ssokit/test-support';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import type { SsoSessionRef } from '../src/token.js';

export { python, pythonWithBotocore, RecordingLogger } from '@ssokit/test-support';

/** A clock whose sleeps move it at once (transport's FakeClock moves only when a test says so). */
export { AutoClock } from '@ssokit/transport/testing';

export const tempHome = () => tempDir('ssokit-token-core-');

/** The session the child-process tests race on. */
export const RACE_SESSION: SsoSessionRef = {
  ssoSession: 'race',
  startUrl: 'https://race.awsapps.com/start',
  region: 'eu-west-1',
};

/**
 * Setup of the child-process suites: dist/ must be built, and each test gets a fresh temp home.
 * Returns the current test's home.
 */
export function useProcessTestHome(): () => string {
  let home = '';
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(assertBuilt);
  beforeEach(async () => {
    ({ home, cleanup } = await tempHome());
  });
  afterEach(() => cleanup());
  return () => home;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Fails clearly when the package has not been built (child processes run dist/, not src/). */
export function assertBuilt(): void {
  assertFiles(join(here, '..', 'dist', 'index.js'));
}

/** Runs a fixture script on the built dist with node, as another process would. */
export function runFixture(
  session: SsoSessionRef,
  script: string,
  args: string[],
  env: Record<string, string> = {},
) {
  const child = spawn(process.execPath, [join(here, 'fixtures', script), ...args], {
    env: { ...process.env, SSOKIT_TEST_SESSION: JSON.stringify(session), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (r) =>
      child.on('exit', (code, signal) => {
        // let the pipes drain
        setImmediate(() => r({ code, signal, stdout, stderr }));
      }),
  );
  return { child, exited, stdout: () => stdout };
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import type { Logger } from '../src/deps.js';
import type { SsoSessionRef } from '../src/token.js';

/** A clock that only moves when told to; sleep advances it instantly (transport's AutoClock). */
export { AutoClock as FakeClock } from '@ssokit/transport/testing';

/** A logger that records everything, so tests can assert on warnings and search for secrets. */
export class RecordingLogger implements Logger {
  readonly entries: Array<{ level: 'debug' | 'warn'; message: string; data?: Record<string, unknown> }> = [];
  debug(message: string, data?: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, ...(data ? { data } : {}) });
  }
  warn(message: string, data?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, ...(data ? { data } : {}) });
  }
  get warnings() {
    return this.entries.filter((e) => e.level === 'warn');
  }
  text(): string {
    return JSON.stringify(this.entries);
  }
}

export async function tempHome(): Promise<{ home: string; cleanup: () => Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'ssokit-token-core-'));
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

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

/** Whether python3 with botocore is available; prints why not. */
export function pythonWithBotocore(): boolean {
  const r = spawnSync('python3', ['-c', 'import botocore, dateutil'], { encoding: 'utf8' });
  if (r.status === 0) return true;
  if (process.env['CI']) throw new Error(`python3 with botocore is required in CI: ${r.stderr ?? r.error}`);
  console.log('skipping botocore interop: python3 with botocore is not available');
  return false;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Fails clearly when the package has not been built (child processes run dist/, not src/). */
export function assertBuilt(): void {
  const dist = join(here, '..', 'dist', 'index.js');
  if (!existsSync(dist))
    throw new Error(`${dist} is missing: run \`pnpm build\` in packages/token-core first`);
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

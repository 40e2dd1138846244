import { type ChildProcessByStdio, type SpawnOptions, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** What a child process printed and how it ended. */
export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link startProcess}: those of `spawn`, plus a time limit and a standard input. */
export interface StartProcessOptions extends Omit<SpawnOptions, 'stdio'> {
  /** Killed with SIGKILL after this long; no limit when unset. */
  timeoutMs?: number;
  /** Written to the child's standard input, which is then closed; without it stdin is ignored. */
  input?: string;
}

/**
 * Spawns `command args` and collects its output as text. `exited` resolves once the child has
 * exited and its pipes are drained (rejects only when it could not be started); `stdout()` and
 * `stderr()` read what it printed so far.
 */
export function startProcess(command: string, args: readonly string[], options: StartProcessOptions = {}) {
  const { timeoutMs, input, ...spawnOptions } = options;
  // stdout and stderr are always pipes (stdin only with `input`)
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin?.end(input);
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/**
 * Resolves once `predicate(read())` holds, `read` being what a child printed so far (`stdout` or
 * `stderr` of {@link startProcess}); rejects with that text after `ms`.
 */
export function waitForOutput(
  read: () => string,
  predicate: (text: string) => boolean,
  ms = 15_000,
): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate(read())) resolve();
      else if (Date.now() - started > ms) reject(new Error(`timed out waiting for output; got:\n${read()}`));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

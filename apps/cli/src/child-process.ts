import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CliError } from './errors.js';

/** The signals a wrapper passes on to the program it runs. */
const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `command` with `args` (no shell: arguments arrive exactly as given) on this terminal, passes
 * SIGINT, SIGTERM and SIGHUP on to it, and resolves to its exit code the way a shell reports it:
 * 128+N when signal N ended it. A command that cannot be found is exit 127, one that cannot be
 * run 126, as in a POSIX shell.
 */
export function runForwardingSignals(
  command: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: 'inherit', env, windowsHide: false });
    const handlers = FORWARDED.map((signal) => {
      const pass = () => {
        child.kill(signal);
      };
      process.on(signal, pass);
      return [signal, pass] as const;
    });
    const done = () => {
      for (const [signal, pass] of handlers) process.off(signal, pass);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      if (error.code === 'ENOENT') {
        reject(new CliError(`command not found: ${command}`, 127, 'check the name and your PATH'));
      } else if (error.code === 'EACCES') {
        reject(new CliError(`cannot run ${command}: permission denied`, 126, 'check that it is executable'));
      } else {
        reject(new CliError(`cannot run ${command}: ${error.code ?? error.message}`, 126));
      }
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}

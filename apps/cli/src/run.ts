import { writeSync } from 'node:fs';
import { redactUrlsInText } from '@ssokit/protocol';
import { describeError, ExitCode } from './errors.js';
import { displayText, terminalSafe } from './output.js';

/**
 * Runs a command and turns its outcome into an exit code: errors become one line with a hint
 * (`--debug` adds the details), Ctrl-C exits 130 after the command's own cleanup ran.
 */
export function runMain(
  fn: () => Promise<number | undefined>,
  options: { stdoutStream?: boolean } = {},
): void {
  const debug = process.argv.includes('--debug');
  const noColor = process.argv.includes('--no-color');
  // A reader that goes away early (`ssokit --help | head -1`) is not an error: nothing more can be
  // shown, so stop quietly instead of dying on an unhandled EPIPE with a stack trace. Only where
  // the stream exists: creating process.stdout for a pipe loads node:net (~4 ms), which the
  // credential_process path, writing with writeStdout, never needs.
  if (options.stdoutStream !== false) process.stdout.on('error', exitQuietlyOnEpipe);
  fn().then(
    (code) => {
      process.exitCode = code ?? ExitCode.OK;
    },
    (error: unknown) => {
      const { message, hint, exitCode } = describeError(error);
      const useColor = process.stderr.isTTY && !noColor && !process.env['NO_COLOR'];
      const red = (s: string) => (useColor ? `\x1b[31m${s}\x1b[39m` : s);
      const dim = (s: string) => (useColor ? `\x1b[2m${s}\x1b[22m` : s);
      // messages can carry server text (error descriptions, names): one escaped, capped line
      process.stderr.write(`${red('error:')} ${displayText(message, 2000)}\n`);
      if (hint) process.stderr.write(`${dim(`hint: ${terminalSafe(hint)}`)}\n`);
      if (debug && error instanceof Error) {
        const cause =
          error.cause instanceof Error
            ? `\ncaused by: ${displayText(redactUrlsInText(error.cause.message), 2000)}`
            : '';
        process.stderr.write(
          dim(`${error.name}${'code' in error ? ` [${String(error.code)}]` : ''}${cause}\n`),
        );
      }
      process.exitCode = exitCode;
    },
  );
}

function exitQuietlyOnEpipe(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw error;
}

/**
 * Writes a command's answer to standard output with a direct write to file descriptor 1: what
 * credential_process reads, without the cost of creating `process.stdout` (for a pipe, loading
 * node:net). A reader that went away ends the process quietly, as `runMain` does for the stream; a
 * descriptor that cannot take it at once (non-blocking) gets the rest through `process.stdout`.
 */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written, bytes.length - written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') {
      process.stdout.on('error', exitQuietlyOnEpipe);
      process.stdout.write(bytes.subarray(written));
      return;
    }
    exitQuietlyOnEpipe(error as NodeJS.ErrnoException);
  }
}

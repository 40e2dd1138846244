import { redactUrlsInText } from '@ssokit/protocol';
import { describeError, ExitCode } from './errors.js';
import { displayText, terminalSafe } from './output.js';

/**
 * Runs a command and turns its outcome into an exit code: errors become one line with a hint
 * (`--debug` adds the details), Ctrl-C exits 130 after the command's own cleanup ran.
 */
export function runMain(fn: () => Promise<number | undefined>): void {
  const debug = process.argv.includes('--debug');
  const noColor = process.argv.includes('--no-color');
  // A reader that goes away early (`ssokit --help | head -1`) is not an error: nothing more can be
  // shown, so stop quietly instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
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

import { type CliContext, createContext } from '../context.js';
import { ExitCode } from '../errors.js';
import type { CommonFlags } from '../options/common.js';

/**
 * Runs a command with a fresh context: Ctrl-C aborts what is in flight (flows stop, the callback
 * server closes), the context's clients are closed, and the exit code is 130.
 */
export async function withContext(
  flags: CommonFlags,
  fn: (ctx: CliContext) => Promise<number | undefined>,
  base?: CliContext,
): Promise<number> {
  if (base) return (await fn(base)) ?? ExitCode.OK;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('interrupted'));
  // `on`, not `once`: proper-lockfile's signal-exit (v3) re-sends SIGINT and kills the process when its
  // own handler is the only one left, which is what it sees once a `once` handler has fired. The
  // handler stays until the cleanup below has run; `finally` removes it.
  process.on('SIGINT', onSigint);
  const ctx = createContext({
    json: flags.json === true,
    debug: flags.debug === true,
    color: flags.color,
    signal: controller.signal,
  });
  try {
    const code = await fn(ctx);
    return code ?? ExitCode.OK;
  } catch (error) {
    if (controller.signal.aborted) {
      ctx.out.info('\ninterrupted');
      return ExitCode.INTERRUPTED;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    await ctx.close();
  }
}

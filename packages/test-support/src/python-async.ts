import type { python } from './python.js';
import { startProcess } from './start-process.js';

/**
 * {@link python}, without blocking the event loop: for scripts that call a server running in the
 * test's own process (an emulator), which a synchronous child would wait on forever.
 */
export async function pythonAsync(
  script: string,
  input?: unknown,
  options: { env?: Record<string, string | undefined> } = {},
): Promise<string> {
  const run = startProcess('python3', ['-c', script], {
    input: input === undefined ? '' : JSON.stringify(input),
    ...(options.env ? { env: { PATH: process.env['PATH'], ...options.env } } : {}),
  });
  const { code, stdout, stderr } = await run.exited;
  if (code !== 0) throw new Error(`python3 failed: ${stderr}`);
  return stdout;
}

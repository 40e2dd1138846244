import { spawn } from 'node:child_process';
import type { python } from './python.js';

/**
 * {@link python}, without blocking the event loop: for scripts that call a server running in the
 * test's own process (an emulator), which a synchronous child would wait on forever.
 */
export function pythonAsync(
  script: string,
  input?: unknown,
  options: { env?: Record<string, string | undefined> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env ? { env: { PATH: process.env['PATH'], ...options.env } } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`python3 failed: ${stderr}`)),
    );
    child.stdin.end(input === undefined ? '' : JSON.stringify(input));
  });
}

import { spawn } from 'node:child_process';

/**
 * Runs the `BROWSER` command (as many CLIs honour it) with the URL as its one argument, detached,
 * and resolves once it started. Kept apart from the system opener so the credential_process path
 * can use it without loading the `open` package.
 */
export function runBrowserCommand(browser: string, url: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(browser, [url], { stdio: 'ignore', detached: true, shell: false });
    child.once('error', reject);
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

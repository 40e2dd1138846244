import { existsSync } from 'node:fs';

/**
 * Fails clearly when built files a test runs are missing: tests that start child processes run
 * `dist/`, not the TypeScript source, and a stale or absent build otherwise fails far from here.
 */
export function assertBuilt(...files: string[]): void {
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`pnpm build\` first`);
  }
}

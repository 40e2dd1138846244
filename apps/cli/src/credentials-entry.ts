// The entry of the credential_process bundle (dist/credentials.cjs, CommonJS: see scripts/build-fast-path.mjs).
import { credentialsFastPath } from './commands/credentials.js';
import { runMain } from './run.js';

export function main(argv: readonly string[]): void {
  runMain(() => credentialsFastPath(argv), { stdoutStream: false });
}

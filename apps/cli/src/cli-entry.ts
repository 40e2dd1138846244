// The entry of every command but the credential_process fast path.
import { runMain } from './run.js';

export function main(argv: readonly string[]): void {
  runMain(() => import('./main.js').then((m) => m.main(argv)));
}

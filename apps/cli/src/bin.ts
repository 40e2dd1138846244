// The ssokit entry point, built as CommonJS (dist/bin.cjs, see scripts/build-fast-path.mjs): a
// CommonJS entry spares `ssokit credentials` Node's ESM loader, ~4 ms of a command that
// credential_process runs on every AWS call. It imports nothing until it knows the command:
// `credentials` requires its own small CommonJS bundle (dist/credentials.cjs: no command parser,
// prompts, QR, browser or emulator modules); every other command imports the ESM bundle of the
// full command-line parser (dist/cli-entry.js).
import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with WebAssembly (llhttp). V8 compiles it first with its baseline compiler
// (Liftoff), then optimizes it on background threads, and Node waits for those threads before the
// process may exit: 150–200 ms added to every command that made a request, `credentials` with a
// cold role cache included. A command parses a handful of responses, for which baseline code is
// plenty. This is the ssokit process's own setting; the libraries never change V8 flags.
setFlagsFromString('--liftoff-only');

const argv = process.argv.slice(2);
if (argv[0] === 'credentials' && !argv.includes('--help') && !argv.includes('-h')) {
  const fastPath: typeof import('./credentials-entry.js') = require('./credentials.cjs');
  fastPath.main(argv.slice(1));
} else {
  void import('./cli-entry.js').then((m) => m.main(argv));
}

// The ssokit entry point. It imports nothing until it knows the command: `ssokit credentials` is
// what credential_process runs on every AWS call, so it loads its own small bundle (dist/credentials.js,
// see scripts/build-credentials.mjs: no command parser, prompts, QR, browser or emulator modules);
// every other command goes through the full command-line parser.
import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with WebAssembly (llhttp). V8 compiles it first with its baseline compiler
// (Liftoff), then optimizes it on background threads, and Node waits for those threads before the
// process may exit: 150–200 ms added to every command that made a request, `credentials` with a
// cold role cache included. A command parses a handful of responses, for which baseline code is
// plenty. This is the ssokit process's own setting; the libraries never change V8 flags.
setFlagsFromString('--liftoff-only');

const argv = process.argv.slice(2);
if (argv[0] === 'credentials' && !argv.includes('--help') && !argv.includes('-h')) {
  void import('./credentials-entry.js').then((m) => m.main(argv.slice(1)));
} else {
  void import('./cli-entry.js').then((m) => m.main(argv));
}

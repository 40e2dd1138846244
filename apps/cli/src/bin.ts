// The ssokit entry point, built as CommonJS (dist/bin.cjs, see scripts/build-fast-path.mjs): a
// CommonJS entry spares `ssokit credentials` Node's ESM loader, ~4 ms of a command that
// credential_process runs on every AWS call. It imports nothing until it knows the command:
// `credentials` requires its own small CommonJS bundle (dist/credentials.cjs: no command parser,
// prompts, QR, browser or emulator modules); every other command imports the ESM bundle of the
// full command-line parser (dist/cli-entry.js).

// Node ≥ 22.1 keeps V8's compiled code of the modules loaded from here on in a cache on disk
// (os.tmpdir()/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off): the next run skips
// parsing and compiling them. This is the ssokit process's own setting; the libraries never set it.
// node:module is required only where it has enableCompileCache: on Node 20 loading it (with the
// ESM loader it brings) cost ~0.4 ms of `ssokit credentials` for nothing.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 1))
  (require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv[0] === 'credentials' && !argv.includes('--help') && !argv.includes('-h')) {
  // sets V8's --liftoff-only itself, and only if the caches cannot answer (see build-fast-path.mjs)
  // by its absolute path: Node resolves a relative one against this module's directory first,
  // ~0.1 ms of the run
  const fastPath: typeof import('./credentials-entry.js') = require(`${__dirname}/credentials.cjs`);
  fastPath.main(argv.slice(1));
} else {
  // undici parses HTTP with WebAssembly (llhttp). V8 compiles it first with its baseline compiler
  // (Liftoff), then optimizes it on background threads, and Node waits for those threads before
  // the process may exit: 150–200 ms added to every command that made a request. A command parses
  // a handful of responses, for which baseline code is plenty. node:v8 costs ~3 ms to load, so
  // only the paths that may load the network code set it.
  require('node:v8').setFlagsFromString('--liftoff-only');
  void import('./cli-entry.js').then((m) => m.main(argv));
}

// The ssokit entry point, built as CommonJS (dist/bin.cjs, see scripts/build-fast-path.mjs): a
// CommonJS entry spares `ssokit credentials` Node's ESM loader, ~4 ms of a command that
// credential_process runs on every AWS call. It imports nothing until it knows the command:
// `credentials` requires its own small CommonJS bundle (dist/credentials.cjs: no command parser,
// prompts, QR, browser or emulator modules); every other command imports the ESM bundle of the
// full command-line parser (dist/cli-entry.js).

// Node ≥ 22.1 keeps V8's compiled code of the modules loaded from here on in a cache on disk
// (NODE_DISABLE_COMPILE_CACHE=1 turns it off): the next run skips parsing and compiling them.
// This is the ssokit process's own setting; the libraries never set it.
// Where: NODE_COMPILE_CACHE when the user set it; otherwise not Node's default os.tmpdir()/
// node-compile-cache, which on Linux is the shared /tmp: its entries are code, and another local
// user who creates that directory first could plant code that runs in the process that prints the
// credentials. Ours is in the user's own cache directory ($XDG_CACHE_HOME or ~/.cache); macOS and
// Windows give each user a private temporary directory, so Node's default serves there.
// node:module is required only where it has enableCompileCache: on Node 20 loading it (with the
// ESM loader it brings) cost ~0.4 ms of `ssokit credentials` for nothing.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major > 22 || (major === 22 && minor >= 1)) {
  const dir = compileCacheDir(process.env, process.platform);
  if (dir !== null)
    (require('node:module') as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache?.(dir);
}

/** The compile cache's directory: `undefined` for Node's choice, `null` for none. */
function compileCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined | null {
  if (env['NODE_COMPILE_CACHE'] || platform === 'darwin' || platform === 'win32') return undefined;
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg?.startsWith('/') ? xdg : env['HOME']?.startsWith('/') ? `${env['HOME']}/.cache` : null;
  return base === null ? null : `${base}/ssokit/node-compile-cache`;
}

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
  // only the paths that may load the network code set it. It is set once the command parser has
  // loaded, not before: a V8 flag changed before Node loads a built-in module makes Node compile
  // that module again instead of using its embedded code cache (see build-fast-path.mjs).
  void import('./cli-entry.js').then((m) => {
    require('node:v8').setFlagsFromString('--liftoff-only');
    return m.main(argv);
  });
}

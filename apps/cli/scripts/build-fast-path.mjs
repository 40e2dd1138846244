// Builds the CommonJS files of the credential_process fast path:
// - dist/bin.cjs, the `ssokit` entry (src/bin.ts): CommonJS so that `ssokit credentials` never
//   loads Node's ESM loader;
// - dist/credentials.cjs, the bundle `ssokit credentials` runs (src/credentials-entry.ts): what a
//   run answered from the caches needs, and nothing else;
// - dist/credentials-network.cjs, the network layers that bundle reaches through dynamic import()
//   only when the caches cannot answer (token-core, portal-client, transport, with protocol, zod
//   and the parts of undici the transport uses), in one file.
// esbuild directly, not tsup: tsup resolves bundled workspace packages through its own plugin,
// which hides their `sideEffects: false`, and then the zod schemas of @ssokit/protocol (tens of
// milliseconds to load) end up on this path. Here esbuild tree-shakes them away. Every other
// command is tsup's ESM bundle, dist/cli-entry.js (tsup.config.ts).
//
// Where the milliseconds went (the README's Performance section has the figures):
// - one file instead of hundreds: zod and undici from node_modules are ~100 and ~300 files, and
//   Node resolves, reads and compiles each (the ESM loader more slowly still); bundled into
//   dist/credentials-network.cjs, a cold `ssokit credentials` loads them in a fraction of the time
//   (of undici only the modules @ssokit/transport loads, see its src/undici-parts.ts; of zod's
//   messages only English, see the plugin below);
// - built-in modules the warm path does not need: node:crypto (~3 ms) for one SHA-1 cache key
//   (src/fast-path/crypto.ts), node:fs/promises (~1.5 ms) for three reads (src/fast-path/
//   fs-promises.ts), node:v8 (~3 ms) for a flag only the network path needs (set at the top of
//   dist/credentials-network.cjs), node:net (~4 ms) for writing to a pipe (run.ts writeStdout).
import { chmod } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const src = (file) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

const common = {
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  treeShaking: true,
  // 'module' first: the ESM builds of @smithy/* tree-shake; their CJS builds drag in all of @smithy/core.
  conditions: ['@ssokit/source', 'module', 'import', 'node', 'default'],
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

const NETWORK = './credentials-network.cjs';
const networkLayers = new Set();
const shims = {
  'node:crypto': src('fast-path/crypto.ts'),
  'node:fs/promises': src('fast-path/fs-promises.ts'),
};

await build({
  ...common,
  entryPoints: { credentials: 'src/credentials-entry.ts' },
  plugins: [
    {
      name: 'network-layers-in-their-own-bundle',
      setup(b) {
        // `import('@ssokit/token-core')` becomes a require() of dist/credentials-network.cjs, run
        // the first time the caches cannot answer.
        b.onResolve({ filter: /^@ssokit\// }, (args) => {
          if (args.kind !== 'dynamic-import') return undefined;
          networkLayers.add(args.path);
          return { path: args.path, namespace: 'network-layer' };
        });
        b.onLoad({ filter: /.*/, namespace: 'network-layer' }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(NETWORK)})[${JSON.stringify(args.path)}];`,
          loader: 'js',
        }));
        b.onResolve({ filter: /^\.\/credentials-network\.cjs$/ }, (args) => ({
          path: args.path,
          external: true,
        }));
      },
    },
    {
      name: 'cheaper-built-ins',
      setup(b) {
        // ES imports only: a CommonJS dependency's require('node:crypto') keeps the real module
        b.onResolve({ filter: /^node:(crypto|fs\/promises)$/ }, (args) =>
          args.kind === 'import-statement' && !args.resolveDir.includes('/src/fast-path')
            ? { path: shims[args.path] }
            : undefined,
        );
      },
    },
  ],
});

if (networkLayers.size === 0) throw new Error('build-fast-path: no network layer is imported lazily');
await build({
  ...common,
  stdin: {
    contents: [
      // undici parses HTTP with WebAssembly (llhttp). V8 compiles it first with its baseline
      // compiler (Liftoff), then optimizes it on background threads, and Node waits for those
      // threads before the process may exit: 150–200 ms added to a run that made a request. A
      // command parses a handful of responses, for which baseline code is plenty. Set here, when
      // the network code loads, because node:v8 costs ~3 ms that a run answered from the cache
      // does not need to pay. This is the ssokit process's own setting; the libraries never set it.
      "require('node:v8').setFlagsFromString('--liftoff-only');",
      ...[...networkLayers]
        .sort()
        // getters: a layer initialises when first imported (the full @ssokit/protocol, with zod, only on a
        // role chain or an error): a cold run 143 → 127 ms beside the eager exports (Node 20, load 2)
        .map(
          (p) =>
            `Object.defineProperty(exports, ${JSON.stringify(p)}, { enumerable: true, get: () => require(${JSON.stringify(p)}) });`,
        ),
    ].join('\n'),
    resolveDir: '.',
    sourcefile: 'credentials-network.cjs',
    loader: 'js',
  },
  outdir: undefined,
  outfile: 'dist/credentials-network.cjs',
  outExtension: undefined,
  plugins: [
    {
      name: 'zod-english-only',
      setup(b) {
        // zod's `z.locales` holds the messages of some forty languages; the CLI shows English
        // (zod's default, which zod loads itself), so the others stay out of the bundle.
        b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
          /[/\\]zod[/\\]/.test(args.importer)
            ? { path: `${args.resolveDir}/../locales/index.js`, namespace: 'zod-english-only' }
            : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
          contents: `export { default as en } from ${JSON.stringify(args.path.replace(/index\.js$/, 'en.js'))};`,
          resolveDir: dirname(args.path),
        }));
      },
    },
  ],
});

await build({
  ...common,
  entryPoints: { bin: 'src/bin.ts' },
  banner: { js: '#!/usr/bin/env node' },
  external: ['./credentials.cjs', './cli-entry.js'],
});

// `ssokit` can be run as ./dist/bin.cjs (tsup did this for its shebang entries; esbuild does not)
await chmod('dist/bin.cjs', 0o755);

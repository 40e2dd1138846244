// Builds the CommonJS files of the credential_process fast path:
// - dist/bin.cjs, the `ssokit` entry (src/bin.ts): CommonJS so that `ssokit credentials` never
//   loads Node's ESM loader;
// - dist/credentials.cjs, the bundle `ssokit credentials` runs (src/credentials-entry.ts): what a
//   run answered from the caches needs, and nothing else;
// - dist/credentials-network.cjs, the network layers that bundle reaches through dynamic import()
//   only when the caches cannot answer (token-core, portal-client, transport, with protocol, zod
//   and the parts of undici the transport uses), in one file, with write-file-atomic (a cache is
//   written only after a fetch);
// - dist/credentials-lazy.cjs, the modules of the warm bundle's own dynamic import()s: role chains
//   and STS (a role-chain profile loads it, from its caches without the network bundle) and
//   `credentials --login`.
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
//   dist/credentials-network.cjs), node:net (~4 ms) for writing to a pipe (run.ts writeStdout),
//   node:os (~0.25 ms) for a home directory that HOME gives (src/fast-path/os.ts);
// - code the warm path never runs: esbuild inlines every dynamic import() into a CommonJS bundle,
//   so each warm run compiled the role-chain and STS code, `--login` and write-file-atomic with
//   signal-exit. In the lazy bundles instead (plugin below), dist/credentials.cjs went from 138 to
//   92 KB and requiring it from ~4.8 to ~3.4 ms (Node 20, in-process, fastest quarter of 80 runs);
// - compact output (`compact` below): 92 to 65 KB, ~0.15 ms less to require.
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
const LAZY = './credentials-lazy.cjs';
const root = fileURLToPath(new URL('../../../', import.meta.url));
// What the two lazy bundles hold: specifier (the key each exports it under) -> absolute path.
const networkLayers = new Map();
const lazyModules = new Map();
const shims = {
  'node:crypto': src('fast-path/crypto.ts'),
  'node:fs/promises': src('fast-path/fs-promises.ts'),
  'node:os': src('fast-path/os.ts'),
};

/**
 * Every dynamic import() reached from a bundle becomes a require() of the lazy bundle that holds
 * it, run the first time the code gets there (esbuild would otherwise inline it, and each run
 * would compile it): packages (`@ssokit/token-core`, `write-file-atomic`) go to
 * dist/credentials-network.cjs; relative modules of the warm bundle (the role-chain and STS code,
 * `credentials --login`) go to dist/credentials-lazy.cjs, which a role-chain profile loads from
 * its caches without the network code. A relative import() inside the lazy bundle stays in it.
 */
const lazyImports = (fromWarmBundle) => ({
  name: 'dynamic-imports-in-lazy-bundles',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'lazy') return undefined;
      const relative = args.path.startsWith('.');
      if (relative && !fromWarmBundle) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'lazy',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      if (resolved.external) return undefined; // a built-in module
      const key = relative ? resolved.path.slice(root.length) : args.path;
      (relative ? lazyModules : networkLayers).set(key, resolved.path);
      return { path: key, namespace: relative ? 'lazy-module' : 'network-layer' };
    });
    for (const [namespace, bundle] of [
      ['network-layer', NETWORK],
      ['lazy-module', LAZY],
    ])
      b.onLoad({ filter: /.*/, namespace }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(bundle)})[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    b.onResolve({ filter: /^\.\/credentials-(network|lazy)\.cjs$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
});

const cheaperBuiltIns = {
  name: 'cheaper-built-ins',
  setup(b) {
    // ES imports only: a CommonJS dependency's require('node:crypto') keeps the real module
    b.onResolve({ filter: /^(node:)?(crypto|fs\/promises|os)$/ }, (args) =>
      args.kind === 'import-statement' && !args.resolveDir.includes('/src/fast-path')
        ? { path: shims[args.path.startsWith('node:') ? args.path : `node:${args.path}`] }
        : undefined,
    );
  },
};

/**
 * The source of a bundle that exports each module of `modules` under its key, initialised the
 * first time it is asked for: a run that needs the role-chain code does not also run the
 * modules of `--login` (which load node:child_process, ~3 ms), nor a cold run oidc-client's.
 */
const exportsOf = (modules) =>
  [...modules]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, path]) => {
      const k = JSON.stringify(key);
      return `Object.defineProperty(exports, ${k}, { configurable: true, enumerable: true, get() { const value = require(${JSON.stringify(path)}); Object.defineProperty(exports, ${k}, { enumerable: true, value }); return value; } });`;
    });

// Without whitespace and comments, and with shorter syntax (names are kept: error classes and
// stacks read the same), V8 has a third fewer bytes to scan before the first line runs.
const compact = { minifyWhitespace: true, minifySyntax: true };

await build({
  ...common,
  ...compact,
  entryPoints: { credentials: 'src/credentials-entry.ts' },
  plugins: [lazyImports(true), cheaperBuiltIns],
});

if (lazyModules.size === 0) throw new Error('build-fast-path: no module of the warm path is imported lazily');
await build({
  ...common,
  stdin: {
    contents: exportsOf(lazyModules).join('\n'),
    resolveDir: '.',
    sourcefile: 'credentials-lazy.cjs',
    loader: 'js',
  },
  outdir: undefined,
  outfile: 'dist/credentials-lazy.cjs',
  outExtension: undefined,
  ...compact,
  plugins: [lazyImports(false), cheaperBuiltIns],
});

if (networkLayers.size === 0) throw new Error('build-fast-path: no network layer is imported lazily');
const EVERY_NETWORK_RUN = ['@ssokit/token-core', '@ssokit/portal-client', '@ssokit/transport'];
for (const layer of EVERY_NETWORK_RUN)
  if (!networkLayers.has(layer)) throw new Error(`build-fast-path: ${layer} is no longer imported lazily`);
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
      // Set AFTER the network modules have loaded: a V8 flag changed before Node loads a built-in
      // module (node:http, node:tls, stream, … which undici requires) makes Node compile that
      // module again instead of using its embedded code cache (measured on Node 20: loading this
      // bundle took 71.6 ms of CPU with the flag set first, 58.3 ms with it set here; Node 24 85.7
      // → 69.6 ms). The flag only has to be set before the first request compiles llhttp.
      // The layers are getters (each initialises when first asked for: the full @ssokit/protocol,
      // with zod, only on a role chain or an error), so the three every network run uses, and with
      // them undici and the built-ins it needs, are asked for here, before the flag.
      ...exportsOf(networkLayers),
      `void [${EVERY_NETWORK_RUN.map((p) => `exports[${JSON.stringify(p)}]`).join(', ')}];`,
      "require('node:v8').setFlagsFromString('--liftoff-only');",
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

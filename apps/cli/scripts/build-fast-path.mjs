// Builds the two CommonJS files of the credential_process fast path:
// - dist/bin.cjs, the `ssokit` entry (src/bin.ts): CommonJS so that `ssokit credentials` never
//   loads Node's ESM loader;
// - dist/credentials.cjs, the bundle `ssokit credentials` runs (src/credentials-entry.ts).
// esbuild directly, not tsup: tsup resolves bundled workspace packages through its own plugin,
// which hides their `sideEffects: false`, and then the zod schemas of @ssokit/protocol (tens of
// milliseconds to load) end up on this path. Here esbuild tree-shakes them away. The network
// layers, reached through dynamic import() only when the caches cannot answer, stay external and
// load (as ESM) from the installed packages. Every other command is tsup's ESM bundle,
// dist/cli-entry.js (tsup.config.ts).
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

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

await build({
  ...common,
  entryPoints: { credentials: 'src/credentials-entry.ts' },
  plugins: [
    {
      name: 'network-layers-stay-lazy',
      setup(b) {
        b.onResolve({ filter: /^@ssokit\// }, (args) =>
          args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
        );
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

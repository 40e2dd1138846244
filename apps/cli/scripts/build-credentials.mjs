// Builds dist/credentials.js, the bundle `ssokit credentials` runs (credential_process calls it on
// every AWS request). esbuild directly, not tsup: tsup resolves bundled workspace packages through
// its own plugin, which hides their `sideEffects: false`, and then the zod schemas of
// @ssokit/protocol (tens of milliseconds to load) end up on this path. Here esbuild tree-shakes them
// away. The network layers, reached through dynamic import() only when the caches cannot answer,
// stay external and load from the installed packages.
import { build } from 'esbuild';

await build({
  entryPoints: { credentials: 'src/credentials-entry.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  treeShaking: true,
  // 'module' first: the ESM builds of @smithy/* tree-shake; their CJS builds drag in all of @smithy/core.
  conditions: ['@ssokit/source', 'module', 'import', 'node', 'default'],
  mainFields: ['module', 'main'],
  banner: {
    js: [
      "import { createRequire as __ssokitCreateRequire } from 'node:module';",
      "import { fileURLToPath as __ssokitFileURLToPath } from 'node:url';",
      'const require = __ssokitCreateRequire(import.meta.url);',
      'const __filename = __ssokitFileURLToPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join('\n'),
  },
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
  logLevel: 'warning',
});

import { defineConfig, type Options } from 'tsup';

// CommonJS dependencies bundled into ESM (commander, the smithy ini loader, write-file-atomic) call
// require() for Node built-ins and read __filename; give them real ones.
const banner = {
  js: [
    "import { createRequire as __ssokitCreateRequire } from 'node:module';",
    "import { fileURLToPath as __ssokitFileURLToPath } from 'node:url';",
    'const require = __ssokitCreateRequire(import.meta.url);',
    'const __filename = __ssokitFileURLToPath(import.meta.url);',
    "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
  ].join('\n'),
};

const common: Options = {
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  treeshake: false,
  sourcemap: true,
  banner,
  noExternal: [/^@ssokit\//, 'zod', /^@smithy\//, 'picocolors', 'commander'],
  // `open` finds its xdg-open script next to its own file.
  external: ['open', 'playwright-core'],
  esbuildOptions(options) {
    options.conditions = ['@ssokit/source', 'import', 'node', 'default'];
    options.mainFields = ['module', 'main'];
  },
};

export default defineConfig([
  // Every command but the fast path: one ESM bundle with code splitting, so each command is a chunk
  // loaded only when it runs. dist/bin.cjs imports it; dist/bin.cjs and dist/credentials.cjs (the
  // credential_process hot path) are built by scripts/build-fast-path.mjs.
  {
    ...common,
    entry: { 'cli-entry': 'src/cli-entry.ts' },
    splitting: true,
    clean: true,
  },
]);

import { defineConfig, type Options } from 'tsup';

/** The build every published package shares: ESM + CJS with declarations for both. */
export function ssokitBuild(entry: Options['entry'] = ['src/index.ts'], extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    // a module that a dynamic import() shares with the entry is wrapped for lazy init, and its classes
    // become `exports.X = class …` in CommonJS: anonymous. Error classes must keep their names.
    keepNames: true,
    ...extra,
  });
}

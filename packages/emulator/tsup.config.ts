import { ssokitBuild } from '../../tsup.shared.js';

export default [
  ssokitBuild(['src/index.ts', 'src/testing.ts']),
  // The bin: ESM only, no declarations, and it must not wipe the library build that runs beside it.
  ssokitBuild(
    { bin: 'src/bin.ts' },
    { format: ['esm'], dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } },
  ),
];

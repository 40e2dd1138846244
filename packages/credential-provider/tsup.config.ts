import { ssokitBuild } from '../../tsup.shared.js';

// AWS's ini loader is bundled into dist from its ESM build, tree-shaken to the ~8 KB that
// `loadSharedConfigFiles` needs. Its Node entry is the CJS build of `@smithy/core/config`, which
// pulls in `@smithy/core/client` and `/transport` and costs ~15 ms of every process's first
// credentials (bench/credentials.mjs). The code is AWS's, unchanged (Apache-2.0, see
// THIRD_PARTY_NOTICES.md); the version is the one in devDependencies, checked against the SDK by
// the tests that read the same files with `fromSSO` and boto3.
export default ssokitBuild(['src/index.ts'], {
  noExternal: ['@smithy/shared-ini-file-loader', '@smithy/core', '@smithy/types'],
  esbuildOptions(options) {
    options.mainFields = ['module', 'main'];
    options.conditions = ['module'];
  },
});

// Loaded into every Node process of a matrix run through NODE_OPTIONS=--import (scripts/test-node-matrix.sh):
// pnpm, turbo's tasks, vitest and its workers, and every child a test spawns with `node` or
// process.execPath while keeping the environment. A process on any other Node version stops at once,
// so a run can never pass on the machine's Node while claiming another.
const expected = process.env['SSOKIT_MATRIX_NODE'];
if (expected && process.version !== `v${expected}`) {
  process.stderr.write(
    `node-matrix: this process runs Node ${process.version} (${process.execPath}), but the matrix run is for v${expected}.\n`,
  );
  process.exit(70);
}

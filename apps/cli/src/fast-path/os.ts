// What `ssokit credentials` (dist/credentials.cjs) gets for `import … from 'node:os'`
// (scripts/build-fast-path.mjs): the home directory comes from HOME (USERPROFILE, HOMEPATH) when
// set, and only without them from os.homedir(), so loading node:os (~0.25 ms of a ~30 ms process)
// waits until a caller actually asks it something.
import type * as NodeOs from 'node:os';

let real: typeof NodeOs | undefined;
const nodeOs = (): typeof NodeOs => {
  real ??= require('node:os') as typeof NodeOs;
  return real;
};

export const homedir: typeof NodeOs.homedir = () => nodeOs().homedir();
export const hostname: typeof NodeOs.hostname = () => nodeOs().hostname();

import { ssokitBuild } from '../../tsup.shared.js';

export default ssokitBuild(['src/index.ts', 'src/core.ts', 'src/wire.ts']);

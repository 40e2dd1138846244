import { ssokitBuild } from '../../tsup.shared.js';

export default ssokitBuild(['src/index.ts', 'src/files.ts']);

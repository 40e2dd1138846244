import { ssokitBuild } from '../../tsup.shared.js';

export default ssokitBuild(['src/index.ts', 'src/testing.ts', 'src/clock.ts']);

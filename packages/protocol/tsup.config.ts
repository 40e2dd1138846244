import { ssokitBuild } from '../../tsup.shared.js';

export default ssokitBuild();

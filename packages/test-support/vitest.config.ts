import { ssokitProject } from '../../vitest.shared.js';

export default ssokitProject('@ssokit/test-support');

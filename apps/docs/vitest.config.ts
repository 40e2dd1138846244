import { ssokitProject } from '../../vitest.shared.js';

export default ssokitProject('@ssokit/docs', { testTimeout: 60_000, hookTimeout: 60_000 });

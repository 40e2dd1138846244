import { ssokitProject } from '../../vitest.shared.js';

export default ssokitProject('@ssokit/example-emulator-vitest');

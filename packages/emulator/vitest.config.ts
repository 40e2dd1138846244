import { ssokitProject } from '../../vitest.shared.js';

export default ssokitProject('@ssokit/emulator');

import { ssokitProject } from '../../vitest.shared.js';

export default ssokitProject('@ssokit/example-aws-sdk-app');

import { ssokitProject } from '../../vitest.shared.js';

export default ssokitProject('@ssokit/oidc-client');

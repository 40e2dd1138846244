import { ssokitProject } from '../../vitest.shared.js';

const config = ssokitProject('@ssokit/credential-provider');
// Vite's SSR conditions include `module`, which sends @smithy/core to its dist-es build; those files
// use extensionless imports that only bundlers resolve, so Node fails to load them. Node itself
// picks the `node` condition (dist-cjs); do the same here.
const ssrResolve = config.ssr?.resolve;
if (ssrResolve?.conditions) ssrResolve.conditions = ssrResolve.conditions.filter((c) => c !== 'module');

export default config;

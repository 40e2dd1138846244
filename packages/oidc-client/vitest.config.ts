import type { UserWorkspaceConfig } from 'vitest/config';
import { ssokitProject } from '../../vitest.shared.js';

const base = ssokitProject('@ssokit/oidc-client');

// @smithy/* publishes `module`-condition builds (dist-es) with extension-less imports that Node
// cannot load once vitest externalises them; resolving like Node does (no `module`) avoids them.
const withoutModule = (conditions: string[] | undefined) => (conditions ?? []).filter((c) => c !== 'module');

const config: UserWorkspaceConfig = {
  ...base,
  resolve: { ...base.resolve, conditions: withoutModule(base.resolve?.conditions) },
  ssr: {
    ...base.ssr,
    resolve: { ...base.ssr?.resolve, conditions: withoutModule(base.ssr?.resolve?.conditions) },
  },
};
export default config;

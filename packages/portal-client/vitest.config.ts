import type { UserWorkspaceConfig } from 'vitest/config';
import { ssokitProject } from '../../vitest.shared.js';

const base = ssokitProject('@ssokit/portal-client');

// @smithy/* (under @aws-sdk/client-sso and the emulator) publishes `module`-condition builds with
// extension-less imports that Node cannot load once vitest externalises them; resolve like Node does.
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

/**
 * A local AWS IAM Identity Center (sso-oidc + sso portal + sign-in pages) and STS for tests, demos and
 * offline development. AWS's own SDK clients and CLI work against it unchanged, pointed at its URL.
 *
 * @packageDocumentation
 */

export type { FaultKind, FaultSpec } from './admin/admin-state.js';
export type { EmulatorAdmin } from './admin/emulator-admin.js';
export type { RecordedRequest } from './admin/request-log.js';
export { EmulatorClock } from './clock.js';
export { EmulatorError, EmulatorErrorCode, isEmulatorError } from './errors.js';
export {
  DEFAULT_APPLICATION_ARN,
  type Directory,
  type DirectoryFixture,
  DirectoryFixtureSchema,
  defaultIamRoles,
  defaultOrganization,
  type GenerateOrganizationOptions,
  generateOrganization,
  loadFixture,
} from './fixture.js';
export { pkceChallenge } from './identity-center/authorize-requests.js';
export type { PendingDeviceAuthorization } from './identity-center/device-authorizations.js';
export type { IssuedAccessToken, StateSizes } from './identity-center/identity-center.js';
export { DEFAULT_LIMITS, type EmulatorLimits } from './options.js';
export {
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './start-emulator.js';
export type { IssuedCredentials } from './sts/identity.js';
export type { AssumedRoleSession } from './sts/security-token-service.js';

/**
 * A local AWS IAM Identity Center (sso-oidc + sso portal + sign-in pages) for tests, demos and
 * offline development. AWS's own SDK clients and CLI work against it unchanged, pointed at its URL.
 *
 * @packageDocumentation
 */
export { EmulatorClock } from './clock.js';
export type { FaultKind, FaultSpec, RecordedRequest } from './controls.js';
export type { IssuedAccessToken, PendingDeviceAuthorization, StateSizes } from './engine.js';
export { pkceChallenge } from './engine.js';
export { EmulatorError, EmulatorErrorCode, isEmulatorError } from './errors.js';
export {
  DEFAULT_APPLICATION_ARN,
  type Directory,
  type DirectoryFixture,
  DirectoryFixtureSchema,
  defaultOrganization,
  type GenerateOrganizationOptions,
  generateOrganization,
  loadFixture,
} from './fixture.js';
export { DEFAULT_LIMITS, type EmulatorLimits } from './options.js';
export {
  type EmulatorAdmin,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from './start-emulator.js';

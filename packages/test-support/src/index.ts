/**
 * Test helpers shared by the ssokit packages' own suites. Private: never published, only a
 * devDependency. Helpers for users' tests ship in the packages themselves
 * (`@ssokit/transport/testing`, `@ssokit/emulator/testing`).
 *
 * @packageDocumentation
 */
export { assertBuilt } from './built.js';
export { homeEnv } from './home-env.js';
export { type IsolatedInstallOptions, isolatedInstall, runScript } from './isolated-install.js';
export { python, pythonWithBotocore } from './python.js';
export { pythonAsync } from './python-async.js';
export { type LogEntry, RecordingLogger } from './recording-logger.js';
export { ROLE_CHAIN, type RoleChainConfigOptions, roleChainConfig } from './role-chain-config.js';
export {
  type ProcessResult,
  type StartProcessOptions,
  startProcess,
  waitForOutput,
} from './start-process.js';
export { tempHome, useTempDirs } from './temp-dirs.js';

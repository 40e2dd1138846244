/**
 * sso-oidc client: RegisterClient, StartDeviceAuthorization, CreateToken(WithIAM), and the
 * device-code, authorization-code (PKCE) and refresh flows.
 *
 * @packageDocumentation
 */

// thrown when an optional peer dependency (`open`, `@smithy/signature-v4`) is not installed
export { isMissingDependencyError, MissingDependencyError, type SigningCredentials } from '@ssokit/transport';
export {
  type AuthorizationCodeFlowOptions,
  authorizationCodeFlow,
} from './authorization-code-flow.js';
export {
  type CallbackResult,
  type CallbackServer,
  type CallbackServerOptions,
  startCallbackServer,
} from './callback-server.js';
export { type ChooseLoginFlowOptions, chooseLoginFlow, type LoginFlowChoice } from './choose-login-flow.js';
export {
  type DeviceCodeFlowOptions,
  type DeviceCodePrompt,
  type DevicePollInfo,
  deviceCodeFlow,
  type LoginResult,
} from './device-code-flow.js';
export { isLoginError, LoginError, LoginErrorCode } from './errors.js';
export type { RegistrationSource } from './flow-common.js';
export {
  type AuthorizeUrlInput,
  buildAuthorizeUrl,
  createPkcePair,
  type PkcePair,
  pkceChallengeOf,
} from './pkce.js';
export { type RefreshTokenOptions, refreshToken } from './refresh-token.js';
export {
  type ClientRegistration,
  type LoginFlow,
  type RegistrationInputOptions,
  registrationInputFor,
  toClientRegistration,
} from './registration.js';
export {
  type CallOptions,
  type CreateTokenWithIAMOptions,
  SsoOidcClient,
  type SsoOidcClientOptions,
} from './sso-oidc-client.js';
export type { OidcToken, SsoToken } from './token.js';

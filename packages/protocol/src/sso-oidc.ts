import { z } from 'zod';
import { defineOperation } from './binding.js';
import { CLIENT_TYPE_PUBLIC } from './constants.js';
import {
  CreateTokenHttp,
  CreateTokenWithIAMHttp,
  RegisterClientHttp,
  StartDeviceAuthorizationHttp,
} from './http-bindings.js';

const str = (member: string) =>
  z.string({
    error: (i) => (i.input === undefined ? `${member} is required` : `${member} must be a string`),
  });
const nonEmpty = (member: string) => str(member).min(1, { error: `${member} must not be empty` });
const strList = (member: string) => z.array(z.string(), { error: `${member} must be a list of strings` });

/** RegisterClient request. */
export const RegisterClientRequest = z.object({
  clientName: nonEmpty('clientName'),
  clientType: z.literal(CLIENT_TYPE_PUBLIC, { error: 'clientType is required and must be "public"' }),
  scopes: strList('scopes').optional(),
  redirectUris: strList('redirectUris').optional(),
  grantTypes: strList('grantTypes').optional(),
  issuerUrl: str('issuerUrl').optional(),
  entitledApplicationArn: str('entitledApplicationArn').optional(),
});
/** RegisterClient response (all members optional, as in the AWS model; unknown members kept). */
export const RegisterClientResponse = z.looseObject({
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  clientIdIssuedAt: z.number().optional(),
  clientSecretExpiresAt: z.number().optional(),
  authorizationEndpoint: z.string().optional(),
  tokenEndpoint: z.string().optional(),
});

/** StartDeviceAuthorization request. */
export const StartDeviceAuthorizationRequest = z.object({
  clientId: nonEmpty('clientId'),
  clientSecret: nonEmpty('clientSecret'),
  startUrl: nonEmpty('startUrl'),
});
/** StartDeviceAuthorization response. */
export const StartDeviceAuthorizationResponse = z.looseObject({
  deviceCode: z.string().optional(),
  userCode: z.string().optional(),
  verificationUri: z.string().optional(),
  verificationUriComplete: z.string().optional(),
  expiresIn: z.number().optional(),
  interval: z.number().optional(),
});

/** CreateToken request. */
export const CreateTokenRequest = z.object({
  clientId: nonEmpty('clientId'),
  clientSecret: nonEmpty('clientSecret'),
  grantType: nonEmpty('grantType'),
  deviceCode: str('deviceCode').optional(),
  code: str('code').optional(),
  refreshToken: str('refreshToken').optional(),
  scope: strList('scope').optional(),
  redirectUri: str('redirectUri').optional(),
  codeVerifier: str('codeVerifier').optional(),
});
/** CreateToken response. */
export const CreateTokenResponse = z.looseObject({
  accessToken: z.string().optional(),
  tokenType: z.string().optional(),
  expiresIn: z.number().optional(),
  refreshToken: z.string().optional(),
  idToken: z.string().optional(),
});

/** CreateTokenWithIAM request (SigV4-signed; `clientId` is an application ARN). */
export const CreateTokenWithIAMRequest = z.object({
  clientId: nonEmpty('clientId'),
  grantType: nonEmpty('grantType'),
  code: str('code').optional(),
  refreshToken: str('refreshToken').optional(),
  assertion: str('assertion').optional(),
  scope: strList('scope').optional(),
  redirectUri: str('redirectUri').optional(),
  subjectToken: str('subjectToken').optional(),
  subjectTokenType: str('subjectTokenType').optional(),
  requestedTokenType: str('requestedTokenType').optional(),
  codeVerifier: str('codeVerifier').optional(),
});
/** CreateTokenWithIAM response. */
export const CreateTokenWithIAMResponse = z.looseObject({
  accessToken: z.string().optional(),
  tokenType: z.string().optional(),
  expiresIn: z.number().optional(),
  refreshToken: z.string().optional(),
  idToken: z.string().optional(),
  issuedTokenType: z.string().optional(),
  scope: z.array(z.string()).optional(),
  awsAdditionalDetails: z.looseObject({ identityContext: z.string().optional() }).optional(),
});

/** sso-oidc: RegisterClient (`POST /client/register`). */
export const RegisterClient = defineOperation({
  ...RegisterClientHttp,
  input: RegisterClientRequest,
  output: RegisterClientResponse,
});

/** sso-oidc: StartDeviceAuthorization (`POST /device_authorization`). */
export const StartDeviceAuthorization = defineOperation({
  ...StartDeviceAuthorizationHttp,
  input: StartDeviceAuthorizationRequest,
  output: StartDeviceAuthorizationResponse,
});

/** sso-oidc: CreateToken (`POST /token`). Not replay-safe. */
export const CreateToken = defineOperation({
  ...CreateTokenHttp,
  input: CreateTokenRequest,
  output: CreateTokenResponse,
});

/** sso-oidc: CreateTokenWithIAM (`POST /token?aws_iam=t`, SigV4 `sso-oauth`). Not replay-safe. */
export const CreateTokenWithIAM = defineOperation({
  ...CreateTokenWithIAMHttp,
  input: CreateTokenWithIAMRequest,
  output: CreateTokenWithIAMResponse,
});

/** Types inferred from the sso-oidc schemas. */
export type RegisterClientRequest = z.infer<typeof RegisterClientRequest>;
export type RegisterClientResponse = z.infer<typeof RegisterClientResponse>;
export type StartDeviceAuthorizationRequest = z.infer<typeof StartDeviceAuthorizationRequest>;
export type StartDeviceAuthorizationResponse = z.infer<typeof StartDeviceAuthorizationResponse>;
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;
export type CreateTokenResponse = z.infer<typeof CreateTokenResponse>;
export type CreateTokenWithIAMRequest = z.infer<typeof CreateTokenWithIAMRequest>;
export type CreateTokenWithIAMResponse = z.infer<typeof CreateTokenWithIAMResponse>;

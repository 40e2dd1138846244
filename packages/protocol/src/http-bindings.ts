import { BEARER_TOKEN_HEADER } from './constants.js';

// How each sso-oidc and sso portal operation travels on the wire, without its schemas: shared by the
// zod bindings (the full entry) and the compiled ones (`@ssokit/protocol/wire`).
const bearer = { in: 'header', name: BEARER_TOKEN_HEADER } as const;

/** @internal sso-oidc: RegisterClient (`POST /client/register`). */
export const RegisterClientHttp = {
  name: 'RegisterClient',
  service: 'sso-oidc',
  method: 'POST',
  path: '/client/register',
  members: {},
  hasBody: true,
  signed: false,
  replaySafe: true,
} as const;

/** @internal sso-oidc: StartDeviceAuthorization (`POST /device_authorization`). */
export const StartDeviceAuthorizationHttp = {
  name: 'StartDeviceAuthorization',
  service: 'sso-oidc',
  method: 'POST',
  path: '/device_authorization',
  members: {},
  hasBody: true,
  signed: false,
  replaySafe: true,
} as const;

/** @internal sso-oidc: CreateToken (`POST /token`). Not replay-safe. */
export const CreateTokenHttp = {
  name: 'CreateToken',
  service: 'sso-oidc',
  method: 'POST',
  path: '/token',
  members: {},
  hasBody: true,
  signed: false,
  replaySafe: false,
} as const;

/** @internal sso-oidc: CreateTokenWithIAM (`POST /token?aws_iam=t`, SigV4 `sso-oauth`). Not replay-safe. */
export const CreateTokenWithIAMHttp = {
  name: 'CreateTokenWithIAM',
  service: 'sso-oidc',
  method: 'POST',
  path: '/token?aws_iam=t',
  members: {},
  hasBody: true,
  signed: true,
  replaySafe: false,
} as const;

/** @internal sso portal: GetRoleCredentials (`GET /federation/credentials`). */
export const GetRoleCredentialsHttp = {
  name: 'GetRoleCredentials',
  service: 'sso',
  method: 'GET',
  path: '/federation/credentials',
  members: {
    roleName: { in: 'query', name: 'role_name' },
    accountId: { in: 'query', name: 'account_id' },
    accessToken: bearer,
  },
  hasBody: false,
  signed: false,
  replaySafe: true,
} as const;

/** @internal sso portal: ListAccounts (`GET /assignment/accounts`). */
export const ListAccountsHttp = {
  name: 'ListAccounts',
  service: 'sso',
  method: 'GET',
  path: '/assignment/accounts',
  members: {
    nextToken: { in: 'query', name: 'next_token' },
    maxResults: { in: 'query', name: 'max_result' },
    accessToken: bearer,
  },
  hasBody: false,
  signed: false,
  replaySafe: true,
} as const;

/** @internal sso portal: ListAccountRoles (`GET /assignment/roles`). */
export const ListAccountRolesHttp = {
  name: 'ListAccountRoles',
  service: 'sso',
  method: 'GET',
  path: '/assignment/roles',
  members: {
    nextToken: { in: 'query', name: 'next_token' },
    maxResults: { in: 'query', name: 'max_result' },
    accountId: { in: 'query', name: 'account_id' },
    accessToken: bearer,
  },
  hasBody: false,
  signed: false,
  replaySafe: true,
} as const;

/** @internal sso portal: Logout (`POST /logout`, no body). */
export const LogoutHttp = {
  name: 'Logout',
  service: 'sso',
  method: 'POST',
  path: '/logout',
  members: { accessToken: bearer },
  hasBody: false,
  signed: false,
  replaySafe: true,
} as const;

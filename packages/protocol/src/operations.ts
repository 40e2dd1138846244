import { CreateToken, CreateTokenWithIAM, RegisterClient, StartDeviceAuthorization } from './sso-oidc.js';
import { GetRoleCredentials, ListAccountRoles, ListAccounts, Logout } from './sso-portal.js';

/** All eight operations, by name. */
export const OPERATIONS = Object.freeze({
  RegisterClient,
  StartDeviceAuthorization,
  CreateToken,
  CreateTokenWithIAM,
  GetRoleCredentials,
  ListAccounts,
  ListAccountRoles,
  Logout,
});
/** The name of one of the eight operations. */
export type OperationName = keyof typeof OPERATIONS;

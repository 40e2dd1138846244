import { z } from 'zod';
import { defineOperation } from './binding.js';
import {
  GetRoleCredentialsHttp,
  ListAccountRolesHttp,
  ListAccountsHttp,
  LogoutHttp,
} from './http-bindings.js';

const nonEmpty = (member: string) =>
  z
    .string({
      error: (i) => (i.input === undefined ? `${member} is required` : `${member} must be a string`),
    })
    .min(1, { error: `${member} must not be empty` });
const maxResults = z
  .number({ error: 'maxResults must be a number' })
  .int({ error: 'maxResults must be a whole number' })
  .min(1, { error: 'maxResults must be between 1 and 100' })
  .max(100, { error: 'maxResults must be between 1 and 100' });

/** GetRoleCredentials request. */
export const GetRoleCredentialsRequest = z.object({
  roleName: nonEmpty('roleName'),
  accountId: nonEmpty('accountId'),
  accessToken: nonEmpty('accessToken'),
});
/** Role credentials; `expiration` is epoch **milliseconds**. */
export const RoleCredentials = z.looseObject({
  accessKeyId: z.string().optional(),
  secretAccessKey: z.string().optional(),
  sessionToken: z.string().optional(),
  expiration: z.number().optional(),
});
/** GetRoleCredentials response. */
export const GetRoleCredentialsResponse = z.looseObject({ roleCredentials: RoleCredentials.optional() });

/** ListAccounts request. */
export const ListAccountsRequest = z.object({
  nextToken: z.string().optional(),
  maxResults: maxResults.optional(),
  accessToken: nonEmpty('accessToken'),
});
/** One account the signed-in user is assigned to. */
export const AccountInfo = z.looseObject({
  accountId: z.string().optional(),
  accountName: z.string().optional(),
  emailAddress: z.string().optional(),
});
/** ListAccounts response. */
export const ListAccountsResponse = z.looseObject({
  nextToken: z.string().optional(),
  accountList: z.array(AccountInfo).optional(),
});

/** ListAccountRoles request. */
export const ListAccountRolesRequest = z.object({
  nextToken: z.string().optional(),
  maxResults: maxResults.optional(),
  accessToken: nonEmpty('accessToken'),
  accountId: nonEmpty('accountId'),
});
/** One role the signed-in user may take in an account. */
export const RoleInfo = z.looseObject({
  roleName: z.string().optional(),
  accountId: z.string().optional(),
});
/** ListAccountRoles response. */
export const ListAccountRolesResponse = z.looseObject({
  nextToken: z.string().optional(),
  roleList: z.array(RoleInfo).optional(),
});

/** Logout request. */
export const LogoutRequest = z.object({ accessToken: nonEmpty('accessToken') });
/** Logout response (empty). */
export const LogoutResponse = z.looseObject({});

/** sso portal: GetRoleCredentials (`GET /federation/credentials`). */
export const GetRoleCredentials = defineOperation({
  ...GetRoleCredentialsHttp,
  input: GetRoleCredentialsRequest,
  output: GetRoleCredentialsResponse,
});

/** sso portal: ListAccounts (`GET /assignment/accounts`). */
export const ListAccounts = defineOperation({
  ...ListAccountsHttp,
  input: ListAccountsRequest,
  output: ListAccountsResponse,
});

/** sso portal: ListAccountRoles (`GET /assignment/roles`). */
export const ListAccountRoles = defineOperation({
  ...ListAccountRolesHttp,
  input: ListAccountRolesRequest,
  output: ListAccountRolesResponse,
});

/** sso portal: Logout (`POST /logout`, no body). */
export const Logout = defineOperation({ ...LogoutHttp, input: LogoutRequest, output: LogoutResponse });

export type GetRoleCredentialsRequest = z.infer<typeof GetRoleCredentialsRequest>;
export type GetRoleCredentialsResponse = z.infer<typeof GetRoleCredentialsResponse>;
export type RoleCredentials = z.infer<typeof RoleCredentials>;
export type ListAccountsRequest = z.infer<typeof ListAccountsRequest>;
export type ListAccountsResponse = z.infer<typeof ListAccountsResponse>;
export type AccountInfo = z.infer<typeof AccountInfo>;
export type ListAccountRolesRequest = z.infer<typeof ListAccountRolesRequest>;
export type ListAccountRolesResponse = z.infer<typeof ListAccountRolesResponse>;
export type RoleInfo = z.infer<typeof RoleInfo>;
export type LogoutRequest = z.infer<typeof LogoutRequest>;
export type LogoutResponse = z.infer<typeof LogoutResponse>;

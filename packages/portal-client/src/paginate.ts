import type { AccountInfo, RoleInfo } from '@ssokit/protocol';
import { ErrorCode, SsokitError } from '@ssokit/protocol/core';
import type { SsoPortalClient } from './portal-client.js';

/**
 * Options of {@link paginateAccounts}.
 */
export interface PaginateAccountsInput {
  accessToken: string;
  /** `maxResults` of each page, 1–100. Default: the service's (20). */
  pageSize?: number;
}

/**
 * Options of {@link paginateAccountRoles}.
 */
export interface PaginateAccountRolesInput extends PaginateAccountsInput {
  accountId: string;
}

/**
 * Every account assigned to the signed-in user, one item at a time, fetching pages as needed.
 * Stops early when the loop breaks.
 *
 * @example
 * ```ts
 * for await (const account of paginateAccounts(client, { accessToken, pageSize: 100 })) {
 *   console.log(account.accountId, account.accountName);
 * }
 * ```
 */
export async function* paginateAccounts(
  client: SsoPortalClient,
  input: PaginateAccountsInput,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<AccountInfo, void, undefined> {
  let nextToken: string | undefined;
  do {
    const page = await client.listAccounts(
      { accessToken: input.accessToken, nextToken, maxResults: input.pageSize },
      { signal: options.signal },
    );
    yield* page.accountList ?? [];
    nextToken = checkNextToken('ListAccounts', nextToken, page.nextToken);
  } while (nextToken !== undefined);
}

/**
 * Every role the signed-in user may take in one account, one item at a time.
 *
 * @example
 * ```ts
 * for await (const role of paginateAccountRoles(client, { accessToken, accountId: '111111111111' })) {
 *   console.log(role.roleName);
 * }
 * ```
 */
export async function* paginateAccountRoles(
  client: SsoPortalClient,
  input: PaginateAccountRolesInput,
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<RoleInfo, void, undefined> {
  let nextToken: string | undefined;
  do {
    const page = await client.listAccountRoles(
      {
        accessToken: input.accessToken,
        accountId: input.accountId,
        nextToken,
        maxResults: input.pageSize,
      },
      { signal: options.signal },
    );
    yield* page.roleList ?? [];
    nextToken = checkNextToken('ListAccountRoles', nextToken, page.nextToken);
  } while (nextToken !== undefined);
}

/**
 * The token of the next page, or undefined at the end. A service that hands back the token it
 * was given would make the loop endless, so that is an invalid response.
 */
export function checkNextToken(
  operation: string,
  sent: string | undefined,
  received: string | undefined,
): string | undefined {
  if (received === undefined || received === '') return undefined;
  if (received === sent) {
    throw new SsokitError(
      ErrorCode.INVALID_RESPONSE,
      `sso ${operation} returned the same nextToken it was sent; stopping instead of looping forever.`,
    );
  }
  return received;
}

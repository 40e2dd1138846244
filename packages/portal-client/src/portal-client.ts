import type {
  GetRoleCredentialsRequest,
  GetRoleCredentialsResponse,
  ListAccountRolesRequest,
  ListAccountRolesResponse,
  ListAccountsRequest,
  ListAccountsResponse,
  LogoutRequest,
  LogoutResponse,
} from '@ssokit/protocol';
// The compiled bindings: the request path loads no zod (see @ssokit/protocol/wire).
import { GetRoleCredentials, ListAccountRoles, ListAccounts, Logout } from '@ssokit/protocol/wire';
import {
  createDefaultDispatcher,
  resolveServiceEndpoint,
  type ServiceClientOptions,
  Transport,
} from '@ssokit/transport';
import type { Dispatcher } from 'undici';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

/**
 * Settings of an {@link SsoPortalClient}: the shared {@link ServiceClientOptions} of ssokit's
 * service clients. Give a `region`, an `endpoint`, or both; `env` is read for
 * `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL`.
 */
export type SsoPortalClientOptions = ServiceClientOptions;

/**
 * Options of one call.
 *
 * @example
 * ```ts
 * await client.listAccounts({ accessToken }, { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface PortalCallOptions {
  /** Aborts the call, backoff sleeps included. */
  signal?: AbortSignal;
  /**
   * `false` sends exactly one attempt, for callers with their own retry policy (the enumerator
   * uses it so that every attempt passes its rate limiter). Default `true`.
   */
  retry?: boolean;
}

/**
 * Client of the IAM Identity Center portal (`sso`): role credentials, account and role listing,
 * logout. Method names and members are those of `@aws-sdk/client-sso`, and `expiration` stays
 * epoch milliseconds as on the wire.
 *
 * @example
 * ```ts
 * import { SsoPortalClient } from '@ssokit/portal-client';
 *
 * const client = new SsoPortalClient({ region: 'us-east-1' });
 * const { roleCredentials } = await client.getRoleCredentials({ accessToken, accountId: '111111111111', roleName: 'ReadOnly' });
 * await client.close();
 * ```
 */
export class SsoPortalClient {
  /** The region, when one was given. */
  readonly region: string | undefined;
  /** The endpoint every request goes to, without a trailing slash. */
  readonly endpoint: string;
  readonly #transport: Transport;
  readonly #singleAttempt: Transport;
  readonly #ownedDispatcher: Dispatcher | undefined;

  constructor(options: SsoPortalClientOptions = {}) {
    this.region = options.region;
    const resolved = resolveServiceEndpoint('sso', options, 'SsoPortalClient');
    // Both transports share one dispatcher, so the enumerator's single attempts reuse connections.
    this.#ownedDispatcher = options.dispatcher === undefined ? createDefaultDispatcher() : undefined;
    const dispatcher = options.dispatcher ?? this.#ownedDispatcher;
    const common = {
      endpoint: resolved,
      dispatcher,
      timeoutMs: options.timeoutMs,
      clock: options.clock,
      logger: options.logger,
      random: options.random,
      userAgent: { packageName: PACKAGE_NAME, packageVersion: PACKAGE_VERSION },
    };
    this.#transport = new Transport({ ...common, retry: options.retry });
    this.#singleAttempt = new Transport({ ...common, retry: { ...options.retry, maxAttempts: 1 } });
    this.endpoint = this.#transport.endpoint;
  }

  #pick(options: PortalCallOptions): Transport {
    return options.retry === false ? this.#singleAttempt : this.#transport;
  }

  /**
   * Short-term credentials of a role in an account (`GET /federation/credentials`).
   *
   * @example
   * ```ts
   * const { roleCredentials } = await client.getRoleCredentials({ roleName: 'ReadOnly', accountId: '111111111111', accessToken });
   * new Date(roleCredentials?.expiration ?? 0); // expiration is epoch milliseconds
   * ```
   */
  getRoleCredentials(
    input: GetRoleCredentialsRequest,
    options: PortalCallOptions = {},
  ): Promise<GetRoleCredentialsResponse> {
    return this.#pick(options).send(GetRoleCredentials, input, { signal: options.signal });
  }

  /**
   * One page of the accounts assigned to the signed-in user (`GET /assignment/accounts`). See
   * {@link paginateAccounts} for all of them.
   *
   * @example
   * ```ts
   * const { accountList, nextToken } = await client.listAccounts({ accessToken, maxResults: 100 });
   * ```
   */
  listAccounts(input: ListAccountsRequest, options: PortalCallOptions = {}): Promise<ListAccountsResponse> {
    return this.#pick(options).send(ListAccounts, input, { signal: options.signal });
  }

  /**
   * One page of the roles the signed-in user may take in an account (`GET /assignment/roles`).
   * See {@link paginateAccountRoles} and {@link enumerateAccountRoles}.
   *
   * @example
   * ```ts
   * const { roleList } = await client.listAccountRoles({ accessToken, accountId: '111111111111' });
   * ```
   */
  listAccountRoles(
    input: ListAccountRolesRequest,
    options: PortalCallOptions = {},
  ): Promise<ListAccountRolesResponse> {
    return this.#pick(options).send(ListAccountRoles, input, { signal: options.signal });
  }

  /**
   * Ends the portal session of the access token (`POST /logout`). The token is no longer accepted.
   *
   * @example
   * ```ts
   * await client.logout({ accessToken });
   * ```
   */
  logout(input: LogoutRequest, options: PortalCallOptions = {}): Promise<LogoutResponse> {
    return this.#pick(options).send(Logout, input, { signal: options.signal });
  }

  /**
   * Closes the connections of the dispatcher this client created; an injected dispatcher is
   * left to its owner.
   *
   * @example
   * ```ts
   * try { await client.listAccounts({ accessToken }); } finally { await client.close(); }
   * ```
   */
  async close(): Promise<void> {
    await this.#ownedDispatcher?.close();
  }
}

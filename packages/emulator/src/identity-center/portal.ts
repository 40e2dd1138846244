import { createHmac } from 'node:crypto';
import type {
  GetRoleCredentialsRequest,
  GetRoleCredentialsResponse,
  ListAccountRolesRequest,
  ListAccountRolesResponse,
  ListAccountsRequest,
  ListAccountsResponse,
} from '@ssokit/protocol';
import { BoundedMap } from '../bounded-map.js';
import { portalError } from '../errors.js';
import { newAccessKeyId, newSecretAndSessionToken, randomToken } from '../ids.js';
import { safeEqual } from './checks.js';
import type { DirectoryIndex } from './directory.js';
import type { Sessions } from './sessions.js';
import type { StateContext } from './settings.js';

/** Role credentials as issued, kept to verify the SigV4 signatures made with them. */
export interface IssuedRoleCredentials {
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  user: string;
  accountId: string;
  roleName: string;
}

/** The sso portal: a signed-in user's accounts, roles and role credentials. */
export class Portal {
  readonly #roleCredentials: BoundedMap<string, IssuedRoleCredentials>;
  readonly #pageKey = randomToken(32);

  constructor(
    private readonly ctx: StateContext,
    private readonly directory: DirectoryIndex,
    private readonly sessions: Sessions,
  ) {
    this.#roleCredentials = new BoundedMap(ctx.settings.limits.roleCredentials);
  }

  get size(): number {
    return this.#roleCredentials.size;
  }

  clear(): void {
    this.#roleCredentials.clear();
  }

  #assignments(accessToken: string): {
    user: string;
    assignments: { accountId: string; roleNames: string[] }[];
  } {
    const user = this.sessions.userForToken(accessToken);
    return { user, assignments: this.directory.user(user)!.assignments };
  }

  listAccounts(req: ListAccountsRequest): ListAccountsResponse {
    const { user, assignments } = this.#assignments(req.accessToken);
    const all = assignments
      .map((a) => this.directory.account(a.accountId)!)
      .map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress }));
    const { items, next } = this.#page(all, `accounts:${user}`, req.maxResults, req.nextToken);
    return { accountList: items, ...(next === undefined ? {} : { nextToken: next }) };
  }

  listAccountRoles(req: ListAccountRolesRequest): ListAccountRolesResponse {
    const { user, assignments } = this.#assignments(req.accessToken);
    const { accountId } = req;
    const roles = assignments.find((a) => a.accountId === accountId)?.roleNames ?? [];
    const all = roles.map((roleName) => ({ roleName, accountId }));
    const { items, next } = this.#page(all, `roles:${user}:${accountId}`, req.maxResults, req.nextToken);
    return { roleList: items, ...(next === undefined ? {} : { nextToken: next }) };
  }

  #page<T>(all: T[], scope: string, maxResults: number | undefined, nextToken: string | undefined) {
    const size = maxResults ?? 20;
    let offset = 0;
    if (nextToken !== undefined) {
      const parsed = this.#readPageToken(nextToken, scope);
      if (parsed === undefined || parsed > all.length)
        throw portalError('InvalidRequestException', 'Invalid nextToken: it was not issued for this listing');
      offset = parsed;
    }
    const items = all.slice(offset, offset + size);
    const end = offset + items.length;
    return { items, next: end < all.length ? this.#pageToken(end, scope) : undefined };
  }

  #pageToken(offset: number, scope: string): string {
    const payload = Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
    return `${payload}.${createHmac('sha256', this.#pageKey).update(payload).digest('base64url')}`;
  }

  #readPageToken(token: string, scope: string): number | undefined {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined) return undefined;
    const expected = createHmac('sha256', this.#pageKey).update(payload).digest('base64url');
    if (!safeEqual(mac, expected)) return undefined;
    try {
      const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        o?: unknown;
        s?: unknown;
      };
      return v.s === scope && Number.isInteger(v.o) ? (v.o as number) : undefined;
    } catch {
      return undefined;
    }
  }

  getRoleCredentials(req: GetRoleCredentialsRequest): GetRoleCredentialsResponse {
    const { accountId, roleName } = req;
    const { user, assignments } = this.#assignments(req.accessToken);
    const assigned = assignments.some((a) => a.accountId === accountId && a.roleNames.includes(roleName));
    if (!assigned)
      throw portalError('ResourceNotFoundException', 'No access: the role is not assigned to this user');
    const accessKeyId = newAccessKeyId();
    const expiration = this.ctx.clock.now() + this.ctx.settings.roleCredentialsTtlSeconds * 1000;
    const { secretAccessKey, sessionToken } = newSecretAndSessionToken();
    this.#roleCredentials.set(accessKeyId, {
      secretAccessKey,
      sessionToken,
      expiresAt: expiration,
      user,
      accountId,
      roleName,
    });
    return { roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration } };
  }

  /**
   * Credentials issued by GetRoleCredentials, expired ones included. Other code asks
   * `IdentityCenter.issuedCredentials`, which also knows AssumeRole's.
   */
  roleCredentials(accessKeyId: string): IssuedRoleCredentials | undefined {
    return this.#roleCredentials.get(accessKeyId);
  }
}

import { type CreateTokenRequest, type CreateTokenResponse, GrantType } from '@ssokit/protocol';
import type { EmulatorClock } from '../clock.js';
import { oidcError } from '../errors.js';
import type { Directory } from '../fixture.js';
import { type IssuedCredentials, ssoRoleIdentity } from '../sts/identity.js';
import { SecurityTokenService } from '../sts/security-token-service.js';
import { AuthorizeRequests } from './authorize-requests.js';
import { allowsGrant, Clients, isRefreshable, KNOWN_GRANTS } from './clients.js';
import { DeviceAuthorizations } from './device-authorizations.js';
import { DirectoryIndex } from './directory.js';
import { IamTokens } from './iam-tokens.js';
import { Portal } from './portal.js';
import { Sessions } from './sessions.js';
import type { EngineSettings, StateContext } from './settings.js';

/**
 * How many items of each kind of state the emulator holds.
 *
 * @example
 * ```ts
 * expect(emulator.admin.sizes().clients).toBeLessThanOrEqual(1000);
 * ```
 */
export interface StateSizes {
  clients: number;
  deviceAuthorizations: number;
  authorizeRequests: number;
  authorizationCodes: number;
  sessions: number;
  accessTokens: number;
  refreshTokens: number;
  roleCredentials: number;
  /** Role sessions issued by STS AssumeRole. */
  assumedRoleSessions: number;
  /** Entries of the request log. */
  requests: number;
}

/**
 * What `admin.issueAccessToken()` returns: a token as if the user had signed in.
 *
 * @example
 * ```ts
 * const { accessToken } = emulator.admin.issueAccessToken('alice');
 * const portal = new SsoPortalClient({ region: emulator.region, endpoint: emulator.url });
 * await portal.listAccounts({ accessToken });
 * ```
 */
export interface IssuedAccessToken {
  accessToken: string;
  refreshToken?: string;
  /** Emulator-clock epoch milliseconds. */
  expiresAt: number;
  user: string;
}

/**
 * The semantics of IAM Identity Center over an injectable clock, one piece of state per concept:
 * registered clients, device authorizations, `/authorize` requests, sessions (with their access
 * and refresh tokens), IAM tokens and the portal. The HTTP layer maps results and
 * `ServiceFailure`s onto the wire; the admin controls call the same pieces.
 */
export class IdentityCenter {
  readonly directory: DirectoryIndex;
  readonly clients: Clients;
  readonly sessions: Sessions;
  readonly devices: DeviceAuthorizations;
  readonly authorize: AuthorizeRequests;
  readonly iam: IamTokens;
  readonly portal: Portal;
  readonly sts: SecurityTokenService;

  constructor(
    directory: Directory,
    readonly settings: EngineSettings,
    readonly clock: EmulatorClock,
    origin: () => string,
  ) {
    const ctx: StateContext = { settings, clock, origin };
    this.directory = new DirectoryIndex(directory);
    this.clients = new Clients(ctx);
    this.sessions = new Sessions(ctx);
    this.devices = new DeviceAuthorizations(ctx, this.clients, this.directory, this.sessions);
    this.authorize = new AuthorizeRequests(ctx, this.clients, this.directory, this.sessions);
    this.iam = new IamTokens(ctx, this.clients, this.directory, this.sessions);
    this.portal = new Portal(ctx, this.directory, this.sessions);
    this.sts = new SecurityTokenService(ctx, directory.iamRoles);
  }

  /**
   * The one lookup of credentials this emulator issued (GetRoleCredentials and AssumeRole), by
   * access key id, with the identity they sign as. Expired ones are left out unless
   * `includeExpired` (to tell "expired" from "unknown").
   */
  issuedCredentials(
    accessKeyId: string,
    opts: { includeExpired?: boolean } = {},
  ): IssuedCredentials | undefined {
    let found = this.sts.assumedCredentials(accessKeyId);
    if (found === undefined) {
      const sso = this.portal.roleCredentials(accessKeyId);
      if (sso === undefined) return undefined;
      found = {
        accessKeyId,
        secretAccessKey: sso.secretAccessKey,
        sessionToken: sso.sessionToken,
        expiresAt: sso.expiresAt,
        source: 'sso',
        ...ssoRoleIdentity(sso.accountId, sso.roleName, sso.user),
        permissionSet: sso.roleName,
        user: sso.user,
      };
    }
    return opts.includeExpired === true || found.expiresAt > this.clock.now() ? found : undefined;
  }

  /** Forgets every client, authorization, session, token and credential. */
  reset(): void {
    for (const piece of [this.clients, this.sessions, this.devices, this.authorize, this.portal, this.sts])
      piece.clear();
  }

  /** How many items of each kind it holds (the request log is counted by the caller). */
  sizes(): Omit<StateSizes, 'requests'> {
    return {
      clients: this.clients.size,
      deviceAuthorizations: this.devices.size,
      ...this.authorize.sizes(),
      ...this.sessions.sizes(),
      roleCredentials: this.portal.size,
      assumedRoleSessions: this.sts.size,
    };
  }

  /** CreateToken: authenticates the client, then hands the grant to the piece that owns it. */
  createToken(req: CreateTokenRequest): CreateTokenResponse {
    if (!KNOWN_GRANTS.has(req.grantType))
      throw oidcError('UnsupportedGrantTypeException', `unsupported grant type: ${req.grantType}`);
    const client = this.clients.authenticate(req.clientId, req.clientSecret);
    if (
      req.grantType === GrantType.REFRESH_TOKEN ? !isRefreshable(client) : !allowsGrant(client, req.grantType)
    )
      throw oidcError(
        'UnauthorizedClientException',
        `this client is not registered for the ${req.grantType} grant`,
      );
    switch (req.grantType) {
      case GrantType.DEVICE_CODE:
        return this.devices.grant(client, req);
      case GrantType.AUTHORIZATION_CODE:
        return this.authorize.grant(client, req);
      case GrantType.REFRESH_TOKEN: {
        const { user: _, ...tokens } = this.sessions.refresh(client, req.refreshToken, false);
        return tokens;
      }
      default:
        throw oidcError(
          'UnsupportedGrantTypeException',
          `CreateToken does not support the ${req.grantType} grant`,
        );
    }
  }

  /** Mints a token without a flow (admin helper for fast tests). */
  issueAccessToken(user?: string, opts: { refreshable?: boolean } = {}): IssuedAccessToken {
    const who = user ?? this.directory.defaultUser;
    this.directory.requireUser(who);
    const client = this.clients.forAdmin(opts.refreshable === true);
    const t = this.sessions.start(client, who, client.scopes, false);
    return {
      accessToken: t.accessToken,
      ...(t.refreshToken === undefined ? {} : { refreshToken: t.refreshToken }),
      expiresAt: this.clock.now() + t.expiresIn * 1000,
      user: who,
    };
  }
}

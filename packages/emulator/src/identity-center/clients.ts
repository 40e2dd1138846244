import {
  CLIENT_TYPE_PUBLIC,
  DEFAULT_SCOPE,
  GrantType,
  isLoopbackHost,
  type RegisterClientRequest,
  type RegisterClientResponse,
} from '@ssokit/protocol';
import { BoundedMap } from '../bounded-map.js';
import { oidcError } from '../errors.js';
import { randomToken } from '../ids.js';
import { checkStoredSize, safeEqual } from './checks.js';
import { nowSeconds, type StateContext } from './settings.js';

/** A registered client (RegisterClient), or one the emulator made for IAM or admin tokens. */
export interface Client {
  clientId: string;
  clientSecret: string;
  clientName: string;
  issuedAt: number;
  secretExpiresAt: number;
  scopes: string[];
  grantTypes: string[] | undefined;
  redirectUris: string[];
  issuerUrl: string | undefined;
}

/** Every grant type the protocol names. */
export const KNOWN_GRANTS: ReadonlySet<string> = new Set<string>(Object.values(GrantType));
const SCOPE_RE = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.*-]+)+$/;

/** Whether `client` may use `grant`. */
export function allowsGrant(client: Client, grant: string): boolean {
  // A registration that named no grant types may use the device and refresh grants (legacy CLI).
  if (client.grantTypes === undefined || client.grantTypes.length === 0)
    return grant === GrantType.DEVICE_CODE || grant === GrantType.REFRESH_TOKEN;
  return client.grantTypes.includes(grant);
}

/** Whether tokens issued to `client` come with a refresh token. */
export function isRefreshable(client: Client): boolean {
  return client.scopes.includes(DEFAULT_SCOPE) || (client.grantTypes ?? []).includes(GrantType.REFRESH_TOKEN);
}

function checkRedirectUri(uri: string): void {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw oidcError('InvalidRedirectUriException', 'redirect URI is not a valid URL');
  }
  const httpOk = u.protocol === 'http:' && isLoopbackHost(u.hostname);
  if (u.protocol !== 'https:' && !httpOk)
    throw oidcError(
      'InvalidRedirectUriException',
      'redirect URI must use https, or http on a loopback address',
    );
  if (u.hash) throw oidcError('InvalidRedirectUriException', 'redirect URI must not have a fragment');
}

/** Registered clients: RegisterClient and client authentication. */
export class Clients {
  readonly #clients: BoundedMap<string, Client>;

  constructor(private readonly ctx: StateContext) {
    this.#clients = new BoundedMap(ctx.settings.limits.clients);
  }

  get size(): number {
    return this.#clients.size;
  }

  clear(): void {
    this.#clients.clear();
  }

  /** RegisterClient: checks the metadata, stores the client, answers its id and secret. */
  register(req: RegisterClientRequest): RegisterClientResponse {
    checkStoredSize('clientName', req.clientName);
    for (const [member, list] of [
      ['scopes', req.scopes],
      ['redirectUris', req.redirectUris],
      ['grantTypes', req.grantTypes],
    ] as const)
      checkStoredSize(member, list);
    if (req.issuerUrl !== undefined) checkStoredSize('issuerUrl', req.issuerUrl);
    if (req.clientType !== CLIENT_TYPE_PUBLIC)
      throw oidcError('InvalidClientMetadataException', 'clientType must be "public"');
    for (const g of req.grantTypes ?? []) {
      if (!KNOWN_GRANTS.has(g)) throw oidcError('InvalidClientMetadataException', `unknown grant type: ${g}`);
    }
    for (const s of req.scopes ?? []) {
      if (!SCOPE_RE.test(s)) throw oidcError('InvalidScopeException', `invalid scope: ${s}`);
    }
    const redirectUris = req.redirectUris ?? [];
    for (const uri of redirectUris) checkRedirectUri(uri);
    if (req.grantTypes?.includes(GrantType.AUTHORIZATION_CODE)) {
      if (redirectUris.length === 0)
        throw oidcError(
          'InvalidRequestException',
          'redirectUris is required for the authorization_code grant',
        );
      if (req.issuerUrl === undefined)
        throw oidcError('InvalidRequestException', 'issuerUrl is required for the authorization_code grant');
    }
    const now = nowSeconds(this.ctx);
    const client: Client = {
      clientId: randomToken(24),
      clientSecret: randomToken(96),
      clientName: req.clientName,
      issuedAt: now,
      secretExpiresAt: now + this.ctx.settings.clientSecretTtlSeconds,
      scopes: req.scopes ?? [],
      grantTypes: req.grantTypes,
      redirectUris,
      issuerUrl: req.issuerUrl,
    };
    this.#clients.set(client.clientId, client);
    const origin = this.ctx.origin();
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: client.issuedAt,
      clientSecretExpiresAt: client.secretExpiresAt,
      authorizationEndpoint: `${origin}/authorize`,
      tokenEndpoint: `${origin}/token`,
    };
  }

  /** The client whose id and secret these are, or InvalidClientException. */
  authenticate(clientId: string, clientSecret: string): Client {
    const client = this.#clients.get(clientId);
    if (!client || !safeEqual(client.clientSecret, clientSecret))
      throw oidcError('InvalidClientException', 'Invalid client: unknown client id or wrong client secret');
    if (nowSeconds(this.ctx) >= client.secretExpiresAt)
      throw oidcError(
        'InvalidClientException',
        'Invalid client: the client secret has expired; register again',
      );
    return client;
  }

  /** A client whose secret has not expired, by id (no secret: the `/authorize` page names only its id). */
  active(clientId: string | undefined): Client | undefined {
    const client = clientId === undefined ? undefined : this.#clients.get(clientId);
    return client && nowSeconds(this.ctx) < client.secretExpiresAt ? client : undefined;
  }

  /** The registered name of a client, as the pages show it. */
  nameOf(clientId: string): string {
    return this.#clients.get(clientId)?.clientName ?? 'unknown';
  }

  /** The scopes a client registered. */
  scopesOf(clientId: string): string[] {
    return this.#clients.get(clientId)?.scopes ?? [];
  }

  /** The client standing for an application ARN in CreateTokenWithIAM (made on first use). */
  forApplication(arn: string): Client {
    let c = this.#clients.get(arn);
    if (!c) {
      c = {
        clientId: arn,
        clientSecret: randomToken(32),
        clientName: arn,
        issuedAt: 0,
        secretExpiresAt: Number.MAX_SAFE_INTEGER,
        scopes: [DEFAULT_SCOPE],
        grantTypes: [GrantType.JWT_BEARER, GrantType.REFRESH_TOKEN],
        redirectUris: [],
        issuerUrl: undefined,
      };
      this.#clients.set(arn, c);
    }
    return c;
  }

  /** An unregistered client for `admin.issueAccessToken()`: never stored, so never counted. */
  forAdmin(refreshable: boolean): Client {
    const now = nowSeconds(this.ctx);
    return {
      clientId: `admin-${randomToken(8)}`,
      clientSecret: randomToken(32),
      clientName: 'ssokit-emulator-admin',
      issuedAt: now,
      secretExpiresAt: now + this.ctx.settings.clientSecretTtlSeconds,
      scopes: refreshable ? [DEFAULT_SCOPE] : [],
      grantTypes: undefined,
      redirectUris: [],
      issuerUrl: undefined,
    };
  }
}

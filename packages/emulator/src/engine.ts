import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  CLIENT_TYPE_PUBLIC,
  type CreateTokenRequest,
  type CreateTokenWithIAMRequest,
  DEFAULT_SCOPE,
  GrantType,
  isLoopbackHost,
  type RegisterClientRequest,
  type StartDeviceAuthorizationRequest,
  TokenType,
} from '@ssokit/protocol';
import { BoundedMap } from './bounded-map.js';
import type { EmulatorClock } from './clock.js';
import { EmulatorError, EmulatorErrorCode, oidcError, portalError, ServiceFailure } from './errors.js';
import { DEFAULT_APPLICATION_ARN, type Directory } from './fixture.js';
import { newAccessKeyId, newUserCode, normalizeUserCode, randomToken } from './ids.js';

/** Timing and behaviour settings of the semantics layer (resolved options). */
export interface EngineSettings {
  deviceCodeExpiresInSeconds: number;
  pollIntervalSeconds: number;
  accessTokenTtlSeconds: number;
  sessionDurationSeconds: number;
  clientSecretTtlSeconds: number;
  roleCredentialsTtlSeconds: number;
  authCodeTtlSeconds: number;
  /** User approving everything at once, or undefined when a person (or admin call) must decide. */
  autoApproveUser: string | undefined;
  /** How many of each kind of state it keeps (oldest dropped first). */
  limits: { clients: number; authorizations: number; tokens: number; roleCredentials: number };
}

/** Longest string the emulator stores from a request (client names, URIs, scopes, start URLs, state). */
export const MAX_STORED_FIELD_CHARS = 1024;
/** Most entries it stores of a list in a request (scopes, redirect URIs, grant types). */
export const MAX_STORED_LIST_ITEMS = 16;

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
  /** Entries of the request log. */
  requests: number;
}

interface Client {
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

type DeviceStatus = 'pending' | 'approved' | 'denied' | 'consumed';
interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  expiresAt: number;
  interval: number;
  status: DeviceStatus;
  user: string | undefined;
  lastPollAt: number | undefined;
}

interface PendingAuthorize {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string;
  scopes: string[];
  codeChallenge: string;
  expiresAt: number;
}

interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  user: string;
  expiresAt: number;
}

interface Session {
  id: string;
  user: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  iam: boolean;
}

interface AccessTokenRecord {
  sessionId: string;
  expiresAt: number;
}

interface IssuedRoleCredentials {
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  user: string;
  accountId: string;
  roleName: string;
}

/**
 * A device authorization waiting for a person, as the admin API lists it.
 *
 * @example
 * ```ts
 * const [pending] = emulator.admin.pendingDeviceAuthorizations();
 * if (pending) emulator.admin.approve(pending.userCode, 'bob');
 * ```
 */
export interface PendingDeviceAuthorization {
  userCode: string;
  clientName: string;
  /** Emulator-clock epoch milliseconds. */
  expiresAt: number;
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

/** A token response as CreateToken answers it. */
export interface TokenResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
  idToken?: string;
}

const KNOWN_GRANTS = new Set<string>(Object.values(GrantType));
const SCOPE_RE = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.*-]+)+$/;
const VERIFIER_RE = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * The semantics of IAM Identity Center: registrations, device and PKCE authorizations, sessions,
 * tokens and role credentials. Pure state + rules over an injectable clock; the HTTP layer maps
 * its results and {@link ServiceFailure}s onto the wire.
 */
export class IdentityCenter {
  readonly #clients: BoundedMap<string, Client>;
  readonly #devices: BoundedMap<string, DeviceAuthorization>;
  readonly #userCodes = new Map<string, DeviceAuthorization>();
  readonly #authorizeRequests: BoundedMap<string, PendingAuthorize>;
  readonly #codes: BoundedMap<string, AuthCode>;
  readonly #sessions: BoundedMap<string, Session>;
  readonly #accessTokens: BoundedMap<string, AccessTokenRecord>;
  readonly #refreshTokens: BoundedMap<string, string>;
  readonly #roleCredentials: BoundedMap<string, IssuedRoleCredentials>;
  readonly #pageKey = randomToken(32);
  readonly #idTokenKey = new TextEncoder().encode(randomToken(32));
  readonly #usersByName: Map<string, Directory['users'][number]>;
  readonly #accounts: Map<string, Directory['accounts'][number]>;

  constructor(
    readonly directory: Directory,
    readonly settings: EngineSettings,
    readonly clock: EmulatorClock,
    readonly origin: () => string,
  ) {
    const { limits } = settings;
    this.#clients = new BoundedMap(limits.clients);
    // #userCodes indexes #devices: it follows its evictions
    this.#devices = new BoundedMap(limits.authorizations, (_, a) => this.#userCodes.delete(a.userCode));
    this.#authorizeRequests = new BoundedMap(limits.authorizations);
    this.#codes = new BoundedMap(limits.authorizations);
    this.#sessions = new BoundedMap(limits.tokens);
    this.#accessTokens = new BoundedMap(limits.tokens);
    this.#refreshTokens = new BoundedMap(limits.tokens);
    this.#roleCredentials = new BoundedMap(limits.roleCredentials);
    this.#usersByName = new Map(directory.users.map((u) => [u.userName, u]));
    this.#accounts = new Map(directory.accounts.map((a) => [a.accountId, a]));
  }

  /** The user approvals go to when nobody names one. */
  get defaultUser(): string {
    return this.directory.users[0]!.userName;
  }

  /** Forgets every client, authorization, session, token and credential. */
  reset(): void {
    for (const m of [
      this.#clients,
      this.#devices,
      this.#userCodes,
      this.#authorizeRequests,
      this.#codes,
      this.#sessions,
      this.#accessTokens,
      this.#refreshTokens,
      this.#roleCredentials,
    ])
      m.clear();
  }

  /** How many items of each kind it holds (the request log is counted by the caller). */
  sizes(): Omit<StateSizes, 'requests'> {
    return {
      clients: this.#clients.size,
      deviceAuthorizations: this.#devices.size,
      authorizeRequests: this.#authorizeRequests.size,
      authorizationCodes: this.#codes.size,
      sessions: this.#sessions.size,
      accessTokens: this.#accessTokens.size,
      refreshTokens: this.#refreshTokens.size,
      roleCredentials: this.#roleCredentials.size,
    };
  }

  hasUser(user: string): boolean {
    return this.#usersByName.has(user);
  }

  users(): Directory['users'] {
    return this.directory.users;
  }

  #nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  // ───────────────────────────── RegisterClient ─────────────────────────────

  registerClient(req: RegisterClientRequest): Record<string, unknown> {
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
    for (const uri of redirectUris) {
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
    if (req.grantTypes?.includes(GrantType.AUTHORIZATION_CODE)) {
      if (redirectUris.length === 0)
        throw oidcError(
          'InvalidRequestException',
          'redirectUris is required for the authorization_code grant',
        );
      if (req.issuerUrl === undefined)
        throw oidcError('InvalidRequestException', 'issuerUrl is required for the authorization_code grant');
    }
    const now = this.#nowSeconds();
    const client: Client = {
      clientId: randomToken(24),
      clientSecret: randomToken(96),
      clientName: req.clientName,
      issuedAt: now,
      secretExpiresAt: now + this.settings.clientSecretTtlSeconds,
      scopes: req.scopes ?? [],
      grantTypes: req.grantTypes,
      redirectUris,
      issuerUrl: req.issuerUrl,
    };
    this.#clients.set(client.clientId, client);
    const origin = this.origin();
    return {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: client.issuedAt,
      clientSecretExpiresAt: client.secretExpiresAt,
      authorizationEndpoint: `${origin}/authorize`,
      tokenEndpoint: `${origin}/token`,
    };
  }

  #authenticateClient(clientId: string, clientSecret: string): Client {
    const client = this.#clients.get(clientId);
    if (!client || !safeEqual(client.clientSecret, clientSecret))
      throw oidcError('InvalidClientException', 'Invalid client: unknown client id or wrong client secret');
    if (this.#nowSeconds() >= client.secretExpiresAt)
      throw oidcError(
        'InvalidClientException',
        'Invalid client: the client secret has expired; register again',
      );
    return client;
  }

  #allowsGrant(client: Client, grant: string): boolean {
    // A registration that named no grant types may use the device and refresh grants (legacy CLI).
    if (client.grantTypes === undefined || client.grantTypes.length === 0)
      return grant === GrantType.DEVICE_CODE || grant === GrantType.REFRESH_TOKEN;
    return client.grantTypes.includes(grant);
  }

  #refreshable(client: Client): boolean {
    return (
      client.scopes.includes(DEFAULT_SCOPE) || (client.grantTypes ?? []).includes(GrantType.REFRESH_TOKEN)
    );
  }

  // ───────────────────────────── Device flow ─────────────────────────────

  startDeviceAuthorization(req: StartDeviceAuthorizationRequest): Record<string, unknown> {
    const client = this.#authenticateClient(req.clientId, req.clientSecret);
    if (!this.#allowsGrant(client, GrantType.DEVICE_CODE))
      throw oidcError(
        'UnauthorizedClientException',
        'this client is not registered for the device_code grant',
      );
    checkStoredSize('startUrl', req.startUrl);
    let start: URL;
    try {
      start = new URL(req.startUrl);
    } catch {
      throw oidcError('InvalidRequestException', 'startUrl is not a valid URL');
    }
    if (start.protocol !== 'https:' && start.protocol !== 'http:')
      throw oidcError('InvalidRequestException', 'startUrl must be an http(s) URL');
    let userCode = newUserCode();
    while (this.#userCodes.has(userCode)) userCode = newUserCode();
    const auth: DeviceAuthorization = {
      deviceCode: randomToken(64),
      userCode,
      clientId: client.clientId,
      startUrl: req.startUrl,
      expiresAt: this.clock.now() + this.settings.deviceCodeExpiresInSeconds * 1000,
      interval: this.settings.pollIntervalSeconds,
      status: 'pending',
      user: undefined,
      lastPollAt: undefined,
    };
    if (this.settings.autoApproveUser !== undefined) {
      auth.status = 'approved';
      auth.user = this.settings.autoApproveUser;
    }
    this.#devices.set(auth.deviceCode, auth);
    this.#userCodes.set(userCode, auth);
    const verificationUri = `${this.origin()}/device`;
    return {
      deviceCode: auth.deviceCode,
      userCode,
      verificationUri,
      verificationUriComplete: `${verificationUri}?user_code=${userCode}`,
      expiresIn: this.settings.deviceCodeExpiresInSeconds,
      interval: auth.interval,
    };
  }

  /** Finds a device authorization a person may still decide on. */
  lookupUserCode(
    input: string,
  ): { userCode: string; clientName: string; scopes: string[] } | 'expired' | undefined {
    const auth = this.#userCodes.get(normalizeUserCode(input));
    if (!auth) return undefined;
    if (this.clock.now() >= auth.expiresAt || auth.status !== 'pending') return 'expired';
    const client = this.#clients.get(auth.clientId);
    return {
      userCode: auth.userCode,
      clientName: client?.clientName ?? 'unknown',
      scopes: client?.scopes ?? [],
    };
  }

  /** Approves or denies a pending device authorization. */
  decideDevice(userCode: string, decision: 'approve' | 'deny', user?: string): void {
    const auth = this.#userCodes.get(normalizeUserCode(userCode));
    if (auth?.status !== 'pending' || this.clock.now() >= auth.expiresAt)
      throw new EmulatorError(
        EmulatorErrorCode.UNKNOWN_USER_CODE,
        `No pending device authorization has user code ${userCode}: it is unknown, expired or already decided`,
      );
    if (decision === 'deny') {
      auth.status = 'denied';
      return;
    }
    const who = user ?? this.defaultUser;
    this.#requireUser(who);
    auth.status = 'approved';
    auth.user = who;
  }

  #requireUser(user: string): void {
    if (!this.#usersByName.has(user))
      throw new EmulatorError(
        EmulatorErrorCode.UNKNOWN_USER,
        `User ${user} is not in the directory; known users: ${[...this.#usersByName.keys()].join(', ')}`,
      );
  }

  pendingDeviceAuthorizations(): PendingDeviceAuthorization[] {
    const now = this.clock.now();
    return [...this.#devices.values()]
      .filter((a) => a.status === 'pending' && a.expiresAt > now)
      .map((a) => ({
        userCode: a.userCode,
        clientName: this.#clients.get(a.clientId)?.clientName ?? 'unknown',
        expiresAt: a.expiresAt,
      }));
  }

  // ───────────────────────────── CreateToken ─────────────────────────────

  async createToken(req: CreateTokenRequest): Promise<TokenResult> {
    if (!KNOWN_GRANTS.has(req.grantType))
      throw oidcError('UnsupportedGrantTypeException', `unsupported grant type: ${req.grantType}`);
    const client = this.#authenticateClient(req.clientId, req.clientSecret);
    if (
      req.grantType === GrantType.REFRESH_TOKEN
        ? !this.#refreshable(client)
        : !this.#allowsGrant(client, req.grantType)
    )
      throw oidcError(
        'UnauthorizedClientException',
        `this client is not registered for the ${req.grantType} grant`,
      );
    switch (req.grantType) {
      case GrantType.DEVICE_CODE:
        return this.#deviceCodeGrant(client, req);
      case GrantType.AUTHORIZATION_CODE:
        return this.#authorizationCodeGrant(client, req);
      case GrantType.REFRESH_TOKEN:
        return this.#refreshGrant(client, req.refreshToken, false);
      default:
        throw oidcError(
          'UnsupportedGrantTypeException',
          `CreateToken does not support the ${req.grantType} grant`,
        );
    }
  }

  #deviceCodeGrant(client: Client, req: CreateTokenRequest): TokenResult {
    if (!req.deviceCode)
      throw oidcError('InvalidRequestException', 'deviceCode is required for the device_code grant');
    const auth = this.#devices.get(req.deviceCode);
    if (!auth || auth.clientId !== client.clientId)
      throw oidcError('InvalidGrantException', 'Invalid device code provided');
    const now = this.clock.now();
    if (auth.status === 'consumed')
      throw oidcError('InvalidGrantException', 'Device code has already been used');
    if (now >= auth.expiresAt) throw oidcError('ExpiredTokenException', 'Device code has expired');
    if (auth.status === 'denied')
      throw oidcError('AccessDeniedException', 'The user denied the authorization request');
    if (auth.status === 'approved') {
      auth.status = 'consumed';
      return this.#issue(client, auth.user!, client.scopes, false);
    }
    const last = auth.lastPollAt;
    auth.lastPollAt = now;
    if (last !== undefined && now - last < auth.interval * 1000) {
      auth.interval += 5;
      throw oidcError('SlowDownException', 'Client is polling too fast; wait the interval between requests');
    }
    throw oidcError('AuthorizationPendingException', 'Authorization is still pending');
  }

  #authorizationCodeGrant(client: Client, req: CreateTokenRequest): TokenResult {
    if (!req.code)
      throw oidcError('InvalidRequestException', 'code is required for the authorization_code grant');
    if (!req.redirectUri)
      throw oidcError('InvalidRequestException', 'redirectUri is required for the authorization_code grant');
    if (!req.codeVerifier) throw oidcError('InvalidRequestException', 'codeVerifier is required (PKCE)');
    const code = this.#codes.get(req.code);
    // single use: a code is burnt by its first presentation, whatever the outcome
    if (code) this.#codes.delete(req.code);
    if (!code || code.clientId !== client.clientId)
      throw oidcError('InvalidGrantException', 'Invalid authorization code');
    if (this.clock.now() >= code.expiresAt)
      throw oidcError('InvalidGrantException', 'Authorization code has expired');
    if (code.redirectUri !== req.redirectUri)
      throw oidcError(
        'InvalidGrantException',
        'redirectUri does not match the one used in the authorization request',
      );
    if (!VERIFIER_RE.test(req.codeVerifier) || pkceChallenge(req.codeVerifier) !== code.codeChallenge)
      throw oidcError('InvalidGrantException', 'codeVerifier does not match the code challenge');
    return this.#issue(client, code.user, code.scopes, false);
  }

  #refreshGrant(client: Client, refreshToken: string | undefined, iam: boolean): TokenResult {
    if (!refreshToken)
      throw oidcError('InvalidRequestException', 'refreshToken is required for the refresh_token grant');
    const sessionId = this.#refreshTokens.get(refreshToken);
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    if (!session || session.revoked || session.clientId !== client.clientId || session.iam !== iam)
      throw oidcError('InvalidGrantException', 'Invalid refresh token');
    if (this.clock.now() >= session.expiresAt) {
      this.#refreshTokens.delete(refreshToken);
      throw oidcError('InvalidGrantException', 'The session has ended; sign in again');
    }
    this.#refreshTokens.delete(refreshToken);
    return this.#issueForSession(session, true);
  }

  #issue(client: Client, user: string, scopes: string[], iam: boolean): TokenResult {
    const session: Session = {
      id: randomToken(12),
      user,
      clientId: client.clientId,
      scopes,
      expiresAt: this.clock.now() + this.settings.sessionDurationSeconds * 1000,
      revoked: false,
      iam,
    };
    this.#sessions.set(session.id, session);
    return this.#issueForSession(session, this.#refreshable(client) || iam);
  }

  #issueForSession(session: Session, withRefresh: boolean): TokenResult {
    const now = this.clock.now();
    // an access token never outlives its session
    const expiresAt = Math.min(now + this.settings.accessTokenTtlSeconds * 1000, session.expiresAt);
    const accessToken = `aoa${randomToken(120)}`;
    this.#accessTokens.set(accessToken, { sessionId: session.id, expiresAt });
    const out: TokenResult = {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)),
    };
    if (withRefresh) {
      const refreshToken = `aor${randomToken(120)}`;
      this.#refreshTokens.set(refreshToken, session.id);
      out.refreshToken = refreshToken;
    }
    return out;
  }

  /** Mints a token without a flow (admin helper for fast tests). */
  issueAccessToken(user?: string, opts: { refreshable?: boolean } = {}): IssuedAccessToken {
    const who = user ?? this.defaultUser;
    this.#requireUser(who);
    const client: Client = {
      clientId: `admin-${randomToken(8)}`,
      clientSecret: randomToken(32),
      clientName: 'ssokit-emulator-admin',
      issuedAt: this.#nowSeconds(),
      secretExpiresAt: this.#nowSeconds() + this.settings.clientSecretTtlSeconds,
      scopes: opts.refreshable ? [DEFAULT_SCOPE] : [],
      grantTypes: undefined,
      redirectUris: [],
      issuerUrl: undefined,
    };
    const t = this.#issue(client, who, client.scopes, false);
    return {
      accessToken: t.accessToken,
      ...(t.refreshToken === undefined ? {} : { refreshToken: t.refreshToken }),
      expiresAt: this.clock.now() + t.expiresIn * 1000,
      user: who,
    };
  }

  revokeRefreshTokens(): void {
    this.#refreshTokens.clear();
  }

  // ───────────────────────────── /authorize (PKCE) ─────────────────────────────

  /**
   * Validates an /authorize request. Problems with the client or redirect URI are shown to the
   * person (never redirected, RFC 6749 §4.1.2.1); other problems redirect with `error`.
   */
  beginAuthorize(
    q: Record<string, string | undefined>,
  ):
    | { kind: 'page-error'; message: string }
    | { kind: 'redirect'; location: string }
    | { kind: 'pending'; request: PendingAuthorize; clientName: string } {
    const client = q.client_id === undefined ? undefined : this.#clients.get(q.client_id);
    if (!client || this.#nowSeconds() >= client.secretExpiresAt)
      return { kind: 'page-error', message: 'Unknown or expired client_id.' };
    const redirectUri = q.redirect_uri;
    if (!redirectUri || !redirectMatches(client.redirectUris, redirectUri))
      return { kind: 'page-error', message: 'The redirect_uri is not registered for this client.' };
    const fail = (error: string, description: string) => {
      const u = new URL(redirectUri);
      u.searchParams.set('error', error);
      u.searchParams.set('error_description', description);
      if (q.state !== undefined) u.searchParams.set('state', q.state);
      return { kind: 'redirect' as const, location: u.toString() };
    };
    if (q.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    if (!(client.grantTypes ?? []).includes(GrantType.AUTHORIZATION_CODE))
      return fail('unauthorized_client', 'client is not registered for the authorization_code grant');
    if (q.code_challenge_method !== 'S256')
      return fail('invalid_request', 'code_challenge_method must be S256');
    if (!q.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge))
      return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
    if (!q.state) return fail('invalid_request', 'state is required');
    if (q.state.length > MAX_STORED_FIELD_CHARS)
      return fail('invalid_request', `state must be at most ${MAX_STORED_FIELD_CHARS} characters`);
    const scopes = (q.scopes ?? '').split(' ').filter(Boolean);
    for (const s of scopes) {
      if (!client.scopes.includes(s))
        return fail('invalid_scope', `scope ${s} was not registered for this client`);
    }
    const request: PendingAuthorize = {
      id: randomToken(24),
      clientId: client.clientId,
      redirectUri,
      state: q.state,
      scopes: scopes.length > 0 ? scopes : client.scopes,
      codeChallenge: q.code_challenge,
      expiresAt: this.clock.now() + this.settings.deviceCodeExpiresInSeconds * 1000,
    };
    this.#authorizeRequests.set(request.id, request);
    if (this.settings.autoApproveUser !== undefined)
      return {
        kind: 'redirect',
        location: this.decideAuthorize(request.id, 'approve', this.settings.autoApproveUser),
      };
    return { kind: 'pending', request, clientName: client.clientName };
  }

  authorizeRequest(id: string): (PendingAuthorize & { clientName: string }) | undefined {
    const r = this.#authorizeRequests.get(id);
    if (!r || this.clock.now() >= r.expiresAt) return undefined;
    return { ...r, clientName: this.#clients.get(r.clientId)?.clientName ?? 'unknown' };
  }

  /** Ends an /authorize request with the person's decision; returns the redirect location. */
  decideAuthorize(id: string, decision: 'approve' | 'deny', user: string): string {
    const r = this.#authorizeRequests.get(id);
    if (!r)
      throw new EmulatorError(
        EmulatorErrorCode.UNKNOWN_USER_CODE,
        'Unknown or finished authorization request',
      );
    this.#authorizeRequests.delete(id);
    const u = new URL(r.redirectUri);
    if (decision === 'deny') {
      u.searchParams.set('error', 'access_denied');
      u.searchParams.set('error_description', 'The user denied the request');
    } else {
      this.#requireUser(user);
      const code = randomToken(48);
      this.#codes.set(code, {
        code,
        clientId: r.clientId,
        redirectUri: r.redirectUri,
        codeChallenge: r.codeChallenge,
        scopes: r.scopes,
        user,
        expiresAt: this.clock.now() + this.settings.authCodeTtlSeconds * 1000,
      });
      u.searchParams.set('code', code);
    }
    u.searchParams.set('state', r.state);
    return u.toString();
  }

  // ───────────────────────────── CreateTokenWithIAM ─────────────────────────────

  async createTokenWithIAM(req: CreateTokenWithIAMRequest): Promise<Record<string, unknown>> {
    const apps = this.directory.applications ?? [DEFAULT_APPLICATION_ARN];
    if (!KNOWN_GRANTS.has(req.grantType))
      throw oidcError('UnsupportedGrantTypeException', `unsupported grant type: ${req.grantType}`);
    if (!apps.includes(req.clientId))
      throw oidcError('InvalidClientException', 'clientId is not an application ARN this instance knows');
    const client = this.#iamClient(req.clientId);
    let result: TokenResult;
    let user: string;
    if (req.grantType === GrantType.JWT_BEARER) {
      if (!req.assertion)
        throw oidcError('InvalidRequestException', 'assertion is required for the jwt-bearer grant');
      user = await this.#verifyAssertion(req.assertion);
      result = this.#issue(client, user, req.scope ?? [DEFAULT_SCOPE], true);
    } else if (req.grantType === GrantType.REFRESH_TOKEN) {
      const sid = req.refreshToken === undefined ? undefined : this.#refreshTokens.get(req.refreshToken);
      result = this.#refreshGrant(client, req.refreshToken, true);
      user = this.#sessions.get(sid!)!.user;
    } else {
      throw oidcError(
        'UnsupportedGrantTypeException',
        `CreateTokenWithIAM does not support the ${req.grantType} grant`,
      );
    }
    const { SignJWT } = await loadJose();
    const idToken = await new SignJWT({ email: this.#usersByName.get(user)?.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user)
      .setIssuer(this.origin())
      .setAudience(req.clientId)
      .setIssuedAt(this.#nowSeconds())
      .setExpirationTime(this.#nowSeconds() + result.expiresIn)
      .sign(this.#idTokenKey);
    return {
      ...result,
      idToken,
      issuedTokenType: TokenType.REFRESH_TOKEN,
      scope: req.scope ?? [DEFAULT_SCOPE],
      awsAdditionalDetails: { identityContext: `ssokit-emulator:${user}` },
    };
  }

  #iamClient(arn: string): Client {
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

  async #verifyAssertion(assertion: string): Promise<string> {
    const { createLocalJWKSet, jwtVerify } = await loadJose();
    for (const issuer of this.directory.trustedTokenIssuers ?? []) {
      try {
        const { payload } = await jwtVerify(assertion, createLocalJWKSet(issuer.jwks as never), {
          issuer: issuer.issuerUrl,
          currentDate: new Date(this.clock.now()),
          ...(issuer.audience === undefined ? {} : { audience: issuer.audience }),
        });
        const claim = payload[issuer.userClaim];
        const user = this.directory.users.find((u) => u.email === claim || u.userName === claim);
        if (!user) throw oidcError('InvalidGrantException', 'The assertion names no user of this directory');
        return user.userName;
      } catch (e) {
        // a verified assertion naming an unknown user is final; a failed verification tries the next issuer
        if (e instanceof ServiceFailure) throw e;
      }
    }
    throw oidcError(
      'InvalidGrantException',
      'The assertion is not signed by a trusted token issuer, or is expired',
    );
  }

  // ───────────────────────────── Portal ─────────────────────────────

  /** Resolves a bearer token to its user, or throws UnauthorizedException. */
  userForToken(accessToken: string): string {
    const rec = this.#accessTokens.get(accessToken);
    const session = rec === undefined ? undefined : this.#sessions.get(rec.sessionId);
    if (!rec || !session || session.revoked || this.clock.now() >= rec.expiresAt)
      throw portalError('UnauthorizedException', 'Session token not found or invalid');
    return session.user;
  }

  logout(accessToken: string): void {
    const rec = this.#accessTokens.get(accessToken);
    const session = rec === undefined ? undefined : this.#sessions.get(rec.sessionId);
    if (!rec || !session || session.revoked || this.clock.now() >= rec.expiresAt)
      throw portalError('UnauthorizedException', 'Session token not found or invalid');
    session.revoked = true;
    for (const [t, sid] of this.#refreshTokens) if (sid === session.id) this.#refreshTokens.delete(t);
    for (const [t, r] of this.#accessTokens) if (r.sessionId === session.id) this.#accessTokens.delete(t);
  }

  listAccounts(accessToken: string, maxResults: number | undefined, nextToken: string | undefined) {
    const user = this.userForToken(accessToken);
    const u = this.#usersByName.get(user)!;
    const all = u.assignments
      .map((a) => this.#accounts.get(a.accountId)!)
      .map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress }));
    const { items, next } = this.#page(all, `accounts:${user}`, maxResults, nextToken);
    return { accountList: items, ...(next === undefined ? {} : { nextToken: next }) };
  }

  listAccountRoles(
    accessToken: string,
    accountId: string,
    maxResults: number | undefined,
    nextToken: string | undefined,
  ) {
    const user = this.userForToken(accessToken);
    const u = this.#usersByName.get(user)!;
    const roles = u.assignments.find((a) => a.accountId === accountId)?.roleNames ?? [];
    const all = roles.map((roleName) => ({ roleName, accountId }));
    const { items, next } = this.#page(all, `roles:${user}:${accountId}`, maxResults, nextToken);
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

  getRoleCredentials(accessToken: string, accountId: string, roleName: string) {
    const user = this.userForToken(accessToken);
    const u = this.#usersByName.get(user)!;
    const assigned = u.assignments.some((a) => a.accountId === accountId && a.roleNames.includes(roleName));
    if (!assigned)
      throw portalError('ResourceNotFoundException', 'No access: the role is not assigned to this user');
    const accessKeyId = newAccessKeyId();
    const expiration = this.clock.now() + this.settings.roleCredentialsTtlSeconds * 1000;
    // one draw of randomness for both secrets: this is the hot path of the benchmark
    const random = randomBytes(210).toString('base64'); // AWS secrets are standard base64
    const creds = {
      secretAccessKey: random.slice(0, 40),
      sessionToken: random.slice(40),
      expiresAt: expiration,
    };
    this.#roleCredentials.set(accessKeyId, { ...creds, user, accountId, roleName });
    return {
      roleCredentials: {
        accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
        expiration,
      },
    };
  }

  /** Credentials issued by GetRoleCredentials, for SigV4 verification. */
  issuedCredentials(accessKeyId: string): IssuedRoleCredentials | undefined {
    const c = this.#roleCredentials.get(accessKeyId);
    return c && c.expiresAt > this.clock.now() ? c : undefined;
  }
}

/**
 * jose is ESM only: loaded when CreateTokenWithIAM first needs it, so that `require()` of the CJS
 * build works on Node versions without `require(esm)` (before 20.19).
 */
const loadJose = (): Promise<typeof import('jose')> => import('jose');

/**
 * base64url(sha256(verifier)) without padding (RFC 7636 S256): the challenge `/authorize` expects.
 *
 * @example
 * ```ts
 * pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Rejects a request value too long (or a list too long) to be kept in memory. */
function checkStoredSize(member: string, value: string | readonly string[] | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'string') {
    if (value.length > MAX_STORED_LIST_ITEMS)
      throw oidcError(
        'InvalidRequestException',
        `${member} must have at most ${MAX_STORED_LIST_ITEMS} entries`,
      );
    for (const v of value) checkStoredSize(member, v);
    return;
  }
  if (value.length > MAX_STORED_FIELD_CHARS)
    throw oidcError(
      'InvalidRequestException',
      `${member} must be at most ${MAX_STORED_FIELD_CHARS} characters`,
    );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Whether `uri` matches one of the registered redirect URIs. A loopback URI registered without
 * a port matches any port (RFC 8252 §7.3); otherwise the match is exact.
 */
export function redirectMatches(registered: string[], uri: string): boolean {
  if (registered.includes(uri)) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  return registered.some((r) => {
    let reg: URL;
    try {
      reg = new URL(r);
    } catch {
      return false;
    }
    return (
      reg.protocol === 'http:' &&
      u.protocol === 'http:' &&
      isLoopbackHost(reg.hostname) &&
      reg.port === '' &&
      reg.hostname === u.hostname &&
      reg.pathname === u.pathname &&
      reg.search === u.search
    );
  });
}

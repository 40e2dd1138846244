import { BoundedMap } from '../bounded-map.js';
import { oidcError, portalError } from '../errors.js';
import { randomToken } from '../ids.js';
import { type Client, isRefreshable } from './clients.js';
import type { StateContext } from './settings.js';

/** A token response as CreateToken answers it (a type, not an interface: protocol's response type takes it). */
export type TokenResult = {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken?: string;
  idToken?: string;
};

/** One sign-in: it ends at `expiresAt` or when revoked (Logout); refresh tokens rotate within it. */
interface Session {
  id: string;
  user: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  /** Issued by CreateTokenWithIAM: its refresh tokens work with that operation only. */
  iam: boolean;
}

interface AccessTokenRecord {
  sessionId: string;
  expiresAt: number;
}

/** Sessions, and the access and refresh tokens issued within them. */
export class Sessions {
  readonly #sessions: BoundedMap<string, Session>;
  readonly #accessTokens: BoundedMap<string, AccessTokenRecord>;
  readonly #refreshTokens: BoundedMap<string, string>;

  constructor(private readonly ctx: StateContext) {
    const { tokens } = ctx.settings.limits;
    this.#sessions = new BoundedMap(tokens);
    this.#accessTokens = new BoundedMap(tokens);
    this.#refreshTokens = new BoundedMap(tokens);
  }

  sizes(): { sessions: number; accessTokens: number; refreshTokens: number } {
    return {
      sessions: this.#sessions.size,
      accessTokens: this.#accessTokens.size,
      refreshTokens: this.#refreshTokens.size,
    };
  }

  clear(): void {
    this.#sessions.clear();
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
  }

  /** Starts a session for `user` and issues its first tokens. */
  start(client: Client, user: string, scopes: string[], iam: boolean): TokenResult {
    const session: Session = {
      id: randomToken(12),
      user,
      clientId: client.clientId,
      scopes,
      expiresAt: this.ctx.clock.now() + this.ctx.settings.sessionDurationSeconds * 1000,
      revoked: false,
      iam,
    };
    this.#sessions.set(session.id, session);
    return this.#issue(session, isRefreshable(client) || iam);
  }

  /**
   * The refresh_token grant: the presented token is used up and a new one issued with the access
   * token (rotation), as long as the session lasts.
   */
  refresh(client: Client, refreshToken: string | undefined, iam: boolean): TokenResult & { user: string } {
    if (!refreshToken)
      throw oidcError('InvalidRequestException', 'refreshToken is required for the refresh_token grant');
    const sessionId = this.#refreshTokens.get(refreshToken);
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    if (!session || session.revoked || session.clientId !== client.clientId || session.iam !== iam)
      throw oidcError('InvalidGrantException', 'Invalid refresh token');
    this.#refreshTokens.delete(refreshToken);
    if (this.ctx.clock.now() >= session.expiresAt)
      throw oidcError('InvalidGrantException', 'The session has ended; sign in again');
    return { ...this.#issue(session, true), user: session.user };
  }

  #issue(session: Session, withRefresh: boolean): TokenResult {
    const now = this.ctx.clock.now();
    // an access token never outlives its session
    const expiresAt = Math.min(now + this.ctx.settings.accessTokenTtlSeconds * 1000, session.expiresAt);
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

  #live(accessToken: string): Session {
    const rec = this.#accessTokens.get(accessToken);
    const session = rec === undefined ? undefined : this.#sessions.get(rec.sessionId);
    if (!rec || !session || session.revoked || this.ctx.clock.now() >= rec.expiresAt)
      throw portalError('UnauthorizedException', 'Session token not found or invalid');
    return session;
  }

  /** Resolves a bearer token to its user, or throws UnauthorizedException. */
  userForToken(accessToken: string): string {
    return this.#live(accessToken).user;
  }

  /** Logout: ends the session of `accessToken` and every token issued within it. */
  logout(accessToken: string): void {
    const session = this.#live(accessToken);
    session.revoked = true;
    for (const [t, sid] of this.#refreshTokens) if (sid === session.id) this.#refreshTokens.delete(t);
    for (const [t, r] of this.#accessTokens) if (r.sessionId === session.id) this.#accessTokens.delete(t);
  }

  /** Makes every refresh token stop working (as when an administrator ends sessions). */
  revokeRefreshTokens(): void {
    this.#refreshTokens.clear();
  }
}

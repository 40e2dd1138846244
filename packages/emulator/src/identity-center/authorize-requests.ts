import { createHash } from 'node:crypto';
import { type CreateTokenRequest, GrantType, isLoopbackHost } from '@ssokit/protocol';
import { BoundedMap } from '../bounded-map.js';
import { EmulatorError, EmulatorErrorCode, oidcError } from '../errors.js';
import { randomToken } from '../ids.js';
import { MAX_STORED_FIELD_CHARS } from './checks.js';
import type { Client, Clients } from './clients.js';
import type { DirectoryIndex } from './directory.js';
import type { Sessions, TokenResult } from './sessions.js';
import { AUTHORIZE_REQUEST_TTL_SECONDS, type StateContext } from './settings.js';

/** An `/authorize` request waiting for the person to sign in and consent. */
export interface AuthorizeRequest {
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

/** What `/authorize` does with a request: show an error page, redirect, or ask the person. */
export type AuthorizeOutcome =
  | { kind: 'page-error'; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'pending'; request: AuthorizeRequest; clientName: string };

const VERIFIER_RE = /^[A-Za-z0-9._~-]{43,128}$/;

/** The authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636): requests, decisions, codes. */
export class AuthorizeRequests {
  readonly #requests: BoundedMap<string, AuthorizeRequest>;
  readonly #codes: BoundedMap<string, AuthCode>;

  constructor(
    private readonly ctx: StateContext,
    private readonly clients: Clients,
    private readonly directory: DirectoryIndex,
    private readonly sessions: Sessions,
  ) {
    this.#requests = new BoundedMap(ctx.settings.limits.authorizations);
    this.#codes = new BoundedMap(ctx.settings.limits.authorizations);
  }

  sizes(): { authorizeRequests: number; authorizationCodes: number } {
    return { authorizeRequests: this.#requests.size, authorizationCodes: this.#codes.size };
  }

  clear(): void {
    this.#requests.clear();
    this.#codes.clear();
  }

  /**
   * Validates an /authorize request. Problems with the client or redirect URI are shown to the
   * person (never redirected, RFC 6749 §4.1.2.1); other problems redirect with `error`.
   */
  begin(q: Record<string, string | undefined>): AuthorizeOutcome {
    const client = this.clients.active(q.client_id);
    if (!client) return { kind: 'page-error', message: 'Unknown or expired client_id.' };
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
    const request: AuthorizeRequest = {
      id: randomToken(24),
      clientId: client.clientId,
      redirectUri,
      state: q.state,
      scopes: scopes.length > 0 ? scopes : client.scopes,
      codeChallenge: q.code_challenge,
      expiresAt: this.ctx.clock.now() + AUTHORIZE_REQUEST_TTL_SECONDS * 1000,
    };
    this.#requests.set(request.id, request);
    const { autoApproveUser } = this.ctx.settings;
    if (autoApproveUser !== undefined)
      return { kind: 'redirect', location: this.decide(request.id, 'approve', autoApproveUser) };
    return { kind: 'pending', request, clientName: client.clientName };
  }

  /** A request still waiting for a decision, with its client's name. */
  get(id: string): (AuthorizeRequest & { clientName: string }) | undefined {
    const r = this.#requests.get(id);
    if (!r || this.ctx.clock.now() >= r.expiresAt) return undefined;
    return { ...r, clientName: this.clients.nameOf(r.clientId) };
  }

  /** Ends an /authorize request with the person's decision; returns the redirect location. */
  decide(id: string, decision: 'approve' | 'deny', user: string): string {
    const r = this.get(id);
    if (!r)
      throw new EmulatorError(
        EmulatorErrorCode.UNKNOWN_AUTHORIZE_REQUEST,
        `No /authorize request ${id} is waiting for a decision: it is unknown, expired or already decided`,
      );
    this.#requests.delete(id);
    const u = new URL(r.redirectUri);
    if (decision === 'deny') {
      u.searchParams.set('error', 'access_denied');
      u.searchParams.set('error_description', 'The user denied the request');
    } else {
      this.directory.requireUser(user);
      const code = randomToken(48);
      this.#codes.set(code, {
        code,
        clientId: r.clientId,
        redirectUri: r.redirectUri,
        codeChallenge: r.codeChallenge,
        scopes: r.scopes,
        user,
        expiresAt: this.ctx.clock.now() + this.ctx.settings.authCodeTtlSeconds * 1000,
      });
      u.searchParams.set('code', code);
    }
    u.searchParams.set('state', r.state);
    return u.toString();
  }

  /** The authorization_code grant of CreateToken: a code is burnt by its first presentation. */
  grant(client: Client, req: CreateTokenRequest): TokenResult {
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
    if (this.ctx.clock.now() >= code.expiresAt)
      throw oidcError('InvalidGrantException', 'Authorization code has expired');
    if (code.redirectUri !== req.redirectUri)
      throw oidcError(
        'InvalidGrantException',
        'redirectUri does not match the one used in the authorization request',
      );
    if (!VERIFIER_RE.test(req.codeVerifier) || pkceChallenge(req.codeVerifier) !== code.codeChallenge)
      throw oidcError('InvalidGrantException', 'codeVerifier does not match the code challenge');
    return this.sessions.start(client, code.user, code.scopes, false);
  }
}

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

import {
  type CreateTokenWithIAMRequest,
  type CreateTokenWithIAMResponse,
  DEFAULT_SCOPE,
  GrantType,
  TokenType,
} from '@ssokit/protocol';
import { oidcError, ServiceFailure } from '../errors.js';
import { DEFAULT_APPLICATION_ARN } from '../fixture.js';
import { randomToken } from '../ids.js';
import { type Clients, KNOWN_GRANTS } from './clients.js';
import type { DirectoryIndex } from './directory.js';
import type { Sessions, TokenResult } from './sessions.js';
import { nowSeconds, type StateContext } from './settings.js';

/**
 * jose is ESM only: loaded when CreateTokenWithIAM first needs it, so that `require()` of the CJS
 * build works on Node versions without `require(esm)` (before 20.19).
 */
const loadJose = (): Promise<typeof import('jose')> => import('jose');

/** CreateTokenWithIAM: tokens for applications, from trusted issuers' assertions or refresh tokens. */
export class IamTokens {
  readonly #idTokenKey = new TextEncoder().encode(randomToken(32));

  constructor(
    private readonly ctx: StateContext,
    private readonly clients: Clients,
    private readonly directory: DirectoryIndex,
    private readonly sessions: Sessions,
  ) {}

  /** CreateTokenWithIAM, once its SigV4 signature has been checked. */
  async createToken(req: CreateTokenWithIAMRequest): Promise<CreateTokenWithIAMResponse> {
    const apps = this.directory.directory.applications ?? [DEFAULT_APPLICATION_ARN];
    if (!KNOWN_GRANTS.has(req.grantType))
      throw oidcError('UnsupportedGrantTypeException', `unsupported grant type: ${req.grantType}`);
    if (!apps.includes(req.clientId))
      throw oidcError('InvalidClientException', 'clientId is not an application ARN this instance knows');
    const client = this.clients.forApplication(req.clientId);
    let result: TokenResult;
    let user: string;
    if (req.grantType === GrantType.JWT_BEARER) {
      if (!req.assertion)
        throw oidcError('InvalidRequestException', 'assertion is required for the jwt-bearer grant');
      user = await this.#verifyAssertion(req.assertion);
      result = this.sessions.start(client, user, req.scope ?? [DEFAULT_SCOPE], true);
    } else if (req.grantType === GrantType.REFRESH_TOKEN) {
      ({ user, ...result } = this.sessions.refresh(client, req.refreshToken, true));
    } else {
      throw oidcError(
        'UnsupportedGrantTypeException',
        `CreateTokenWithIAM does not support the ${req.grantType} grant`,
      );
    }
    const { SignJWT } = await loadJose();
    const now = nowSeconds(this.ctx);
    const idToken = await new SignJWT({ email: this.directory.user(user)?.email })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user)
      .setIssuer(this.ctx.origin())
      .setAudience(req.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + result.expiresIn)
      .sign(this.#idTokenKey);
    return {
      ...result,
      idToken,
      issuedTokenType: TokenType.REFRESH_TOKEN,
      scope: req.scope ?? [DEFAULT_SCOPE],
      awsAdditionalDetails: { identityContext: `ssokit-emulator:${user}` },
    };
  }

  async #verifyAssertion(assertion: string): Promise<string> {
    const { createLocalJWKSet, jwtVerify } = await loadJose();
    const { directory } = this.directory;
    for (const issuer of directory.trustedTokenIssuers ?? []) {
      try {
        const { payload } = await jwtVerify(assertion, createLocalJWKSet(issuer.jwks as never), {
          issuer: issuer.issuerUrl,
          currentDate: new Date(this.ctx.clock.now()),
          ...(issuer.audience === undefined ? {} : { audience: issuer.audience }),
        });
        const claim = payload[issuer.userClaim];
        const user = directory.users.find((u) => u.email === claim || u.userName === claim);
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
}

import { createHash, randomBytes } from 'node:crypto';

const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

/**
 * A PKCE verifier and its S256 challenge (RFC 7636).
 *
 * @example
 * ```ts
 * const { verifier, challenge }: PkcePair = createPkcePair();
 * ```
 */
export interface PkcePair {
  /** 64 characters of `[A-Za-z0-9-._~]`; a secret until the token exchange. */
  verifier: string;
  /** base64url(sha256(verifier)), no padding. */
  challenge: string;
}

/**
 * The S256 code challenge of a verifier: base64url(sha256(ASCII(verifier))) without padding.
 *
 * @example
 * ```ts
 * pkceChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 * ```
 */
export function pkceChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * Creates a PKCE pair. The verifier has 64 characters from the unreserved alphabet (≈ 384 bits).
 * `random` (numbers in [0, 1)) is for tests; the default uses `crypto.randomBytes`.
 *
 * @example
 * ```ts
 * const { verifier, challenge } = createPkcePair();
 * ```
 */
export function createPkcePair(random?: () => number): PkcePair {
  const length = 64;
  let verifier = '';
  if (random) {
    for (let i = 0; i < length; i++) verifier += VERIFIER_ALPHABET[Math.floor(random() * 66) % 66];
  } else {
    // 66 symbols: reject bytes >= 198 (3 × 66) so every symbol is equally likely.
    while (verifier.length < length) {
      for (const b of randomBytes(96)) {
        if (b < 198 && verifier.length < length) verifier += VERIFIER_ALPHABET[b % 66];
      }
    }
  }
  return { verifier, challenge: pkceChallengeOf(verifier) };
}

/** Python's `urllib.parse.quote_plus` (what the AWS CLI's `urlencode` uses): space is `+`. */
function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Inputs of {@link buildAuthorizeUrl}.
 */
export interface AuthorizeUrlInput {
  /** The sso-oidc endpoint (`client.endpoint`). */
  endpoint: string;
  clientId: string;
  /** `http://127.0.0.1:{port}/oauth/callback`. */
  redirectUri: string;
  state: string;
  codeChallenge: string;
  scopes: readonly string[];
}

/**
 * The `/authorize` URL exactly as AWS CLI v2 builds it: parameters in its order, form-encoded
 * like Python's `urlencode`, `scopes` space-separated.
 *
 * @example
 * ```ts
 * buildAuthorizeUrl({ endpoint: 'https://oidc.us-east-1.amazonaws.com', clientId: 'abc', redirectUri: 'http://127.0.0.1:5555/oauth/callback', state: 's', codeChallenge: 'c', scopes: ['sso:account:access'] });
 * // 'https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A5555%2Foauth%2Fcallback&state=s&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=c'
 * ```
 */
export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', input.clientId],
    ['redirect_uri', input.redirectUri],
    ['state', input.state],
    ['code_challenge_method', 'S256'],
    ['scopes', input.scopes.join(' ')],
    ['code_challenge', input.codeChallenge],
  ];
  const query = params.map(([k, v]) => `${k}=${quotePlus(v)}`).join('&');
  return `${input.endpoint.replace(/\/+$/, '')}/authorize?${query}`;
}

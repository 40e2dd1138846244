import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, createPkcePair, pkceChallengeOf } from './pkce.js';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B test vector', () => {
    expect(pkceChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates verifiers of 43–128 unreserved characters, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { verifier, challenge } = createPkcePair();
      expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(challenge).toBe(pkceChallengeOf(verifier));
      seen.add(verifier);
    }
    expect(seen.size).toBe(200);
  });

  it('uses every symbol of the alphabet with an injected random source', () => {
    let i = 0;
    const { verifier } = createPkcePair(() => (i++ % 66) / 66);
    expect(verifier).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.');
  });
});

describe('buildAuthorizeUrl', () => {
  it('builds the URL in the AWS CLI v2 parameter order and encoding', () => {
    const url = buildAuthorizeUrl({
      endpoint: 'https://oidc.us-west-1.amazonaws.com/',
      clientId: 'HLBiBaOlGIggssZTbw7pOXVzLXdlc3QtMQ',
      redirectUri: 'http://127.0.0.1:60895/oauth/callback',
      state: '3a483907-42c5-4f8f-b22a-7932123612d2',
      codeChallenge: 'PFfE8xvGVi-d-9FeuD_cUN_IoAdx1_Quo2Uf31eYNNU',
      scopes: ['sso:account:access'],
    });
    // A URL the AWS CLI printed for `aws configure sso` (same inputs).
    expect(url).toBe(
      'https://oidc.us-west-1.amazonaws.com/authorize?response_type=code&client_id=HLBiBaOlGIggssZTbw7pOXVzLXdlc3QtMQ&redirect_uri=http%3A%2F%2F127.0.0.1%3A60895%2Foauth%2Fcallback&state=3a483907-42c5-4f8f-b22a-7932123612d2&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=PFfE8xvGVi-d-9FeuD_cUN_IoAdx1_Quo2Uf31eYNNU',
    );
  });

  it('joins scopes with spaces, form-encoded like Python urlencode', () => {
    const url = new URL(
      buildAuthorizeUrl({
        endpoint: 'http://127.0.0.1:1',
        clientId: 'c',
        redirectUri: 'http://127.0.0.1:2/oauth/callback',
        state: 's',
        codeChallenge: 'x',
        scopes: ['sso:account:access', 'codecatalyst:read_write*'],
      }),
    );
    expect(url.search).toContain('&scopes=sso%3Aaccount%3Aaccess+codecatalyst%3Aread_write%2A&');
    expect(url.searchParams.get('scopes')).toBe('sso:account:access codecatalyst:read_write*');
  });
});

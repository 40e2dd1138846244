// What the flows return (toOidcToken, toClientRegistration) prints redacted and stays plain data.
import { inspect } from 'node:util';
import { GrantType } from '@ssokit/protocol';
import { describe, expect, it } from 'vitest';
import { registrationInputFor, toClientRegistration } from './registration.js';
import { toOidcToken } from './token.js';

const ACCESS = 'aoaAAAAAGZsecret-access-token-0123456789';
const REFRESH = 'aorAAAAAGZsecret-refresh-token-0123456789';
const ID_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-id-token.signature';
const CLIENT_SECRET = 'eyJraWQiOiJrZXktMTU2secret-client-secret-0123456789';

describe('util.inspect of flow results', () => {
  it('a token shows its secrets redacted; JSON and spreads keep them', () => {
    const token = toOidcToken(
      { accessToken: ACCESS, refreshToken: REFRESH, idToken: ID_TOKEN, expiresIn: 3600, tokenType: 'Bearer' },
      Date.parse('2030-01-01T00:00:00Z'),
    );
    const printed = inspect(token);
    for (const s of [ACCESS, REFRESH, ID_TOKEN]) {
      expect(printed).not.toContain(s);
      expect(inspect({ nested: [token] }, { depth: 5 })).not.toContain(s);
      expect(JSON.stringify(token)).toContain(s);
    }
    expect(printed).toContain('aoaA…(redacted)');
    expect(printed).toContain('2030-01-01T01:00:00.000Z');
    expect(token.accessToken).toBe(ACCESS);
    expect({ ...token }).toEqual({
      accessToken: ACCESS,
      refreshToken: REFRESH,
      idToken: ID_TOKEN,
      tokenType: 'Bearer',
      expiresAt: new Date('2030-01-01T01:00:00Z'),
    });
  });

  it('a client registration shows clientSecret redacted', () => {
    const input = registrationInputFor('pkce', { issuerUrl: 'https://my-org.awsapps.com/start' });
    const reg = toClientRegistration(
      {
        clientId: 'public-client-id',
        clientSecret: CLIENT_SECRET,
        clientIdIssuedAt: 1,
        clientSecretExpiresAt: 1_900_000_000,
      },
      input,
    );
    expect(inspect(reg)).not.toContain(CLIENT_SECRET);
    expect(inspect(reg)).toContain('public-client-id');
    expect(JSON.stringify(reg)).toContain(CLIENT_SECRET);
    expect(reg.grantTypes).toContain(GrantType.AUTHORIZATION_CODE);
  });
});

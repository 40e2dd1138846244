import { describe, expect, it } from 'vitest';
import { registrationInputFor, toClientRegistration } from './registration.js';

describe('registrationInputFor', () => {
  it('device code: name, public type and the refreshable scope, no grant types (as AWS CLI v2)', () => {
    expect(registrationInputFor('device-code')).toEqual({
      clientName: 'ssokit',
      clientType: 'public',
      scopes: ['sso:account:access'],
    });
  });

  it('PKCE: authorization_code + refresh_token, the port-less loopback redirect, the start URL as issuer', () => {
    expect(
      registrationInputFor('pkce', {
        clientName: 'tool',
        issuerUrl: 'https://d-1.awsapps.com/start',
        scopes: ['a', 'b'],
      }),
    ).toEqual({
      clientName: 'tool',
      clientType: 'public',
      scopes: ['a', 'b'],
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'],
      issuerUrl: 'https://d-1.awsapps.com/start',
    });
  });

  it('leaves scopes out when asked for none (a legacy, non-refreshable session)', () => {
    expect(registrationInputFor('device-code', { scopes: [] })).not.toHaveProperty('scopes');
  });

  it('toClientRegistration keeps expiry, scopes and grant types, and refuses incomplete answers', () => {
    const input = registrationInputFor('pkce', { issuerUrl: 'https://x/start' });
    expect(
      toClientRegistration({ clientId: 'c', clientSecret: 's', clientSecretExpiresAt: 100 }, input),
    ).toEqual({
      clientId: 'c',
      clientSecret: 's',
      expiresAt: new Date(100_000),
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    expect(() => toClientRegistration({ clientId: 'c' }, input)).toThrow(/clientSecret/);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveServiceEndpoint } from './service-client.js';

describe('resolveServiceEndpoint', () => {
  it('uses the regional default, the service variable, or AWS_ENDPOINT_URL', () => {
    expect(resolveServiceEndpoint('sso', { region: 'eu-west-1', env: {} }, 'C')).toBe(
      'https://portal.sso.eu-west-1.amazonaws.com',
    );
    expect(
      resolveServiceEndpoint('sso-oidc', { env: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9' } }, 'C'),
    ).toBe('http://127.0.0.1:9');
    // the portal does not take the oidc variable
    expect(() =>
      resolveServiceEndpoint('sso', { env: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9' } }, 'C'),
    ).toThrow(/C needs a region/);
    expect(resolveServiceEndpoint('sso', { env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:8' } }, 'C')).toBe(
      'http://127.0.0.1:8',
    );
  });

  it('names the client and the problem', () => {
    expect(() => resolveServiceEndpoint('sso', { env: {} }, 'SsoPortalClient')).toThrow(
      /SsoPortalClient needs a region/,
    );
    expect(() => resolveServiceEndpoint('sso', { region: 'nowhere', env: {} }, 'SsoPortalClient')).toThrow(
      /not a valid AWS region/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { checkEndpointMatchesStartUrl } from './endpoint-start-url.js';
import { ErrorCode } from './error-codes.js';

const EMULATOR = 'http://127.0.0.1:4566';
const AWS_OIDC = 'https://oidc.us-east-1.amazonaws.com';

describe('checkEndpointMatchesStartUrl', () => {
  it.each([
    [`${EMULATOR}/start`, EMULATOR],
    ['http://localhost:9000/start', 'http://[::1]:9000'],
    ['https://my-org.awsapps.com/start', AWS_OIDC],
    ['https://my-org.awsapps.com/start', 'https://sso-proxy.example.com'],
  ])('lets %s with %s through', (startUrl, endpoint) => {
    expect(() => checkEndpointMatchesStartUrl(startUrl, endpoint, 'sso-oidc')).not.toThrow();
  });

  it('refuses an emulator start URL with an AWS endpoint, naming AWS_ENDPOINT_URL and the [services] block', () => {
    const error = catchError(() => checkEndpointMatchesStartUrl(`${EMULATOR}/start`, AWS_OIDC, 'sso-oidc'));
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.message).toContain(`AWS_ENDPOINT_URL=${EMULATOR}`);
    expect(error.message).toContain('[services NAME]');
    expect(error.message).toContain(`endpoint_url = ${EMULATOR}`);
  });

  it('refuses an AWS start URL with a loopback endpoint, naming the variables to unset', () => {
    const error = catchError(() =>
      checkEndpointMatchesStartUrl('https://my-org.awsapps.com/start', EMULATOR, 'sso'),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(error.message).toContain('AWS_ENDPOINT_URL_SSO');
    expect(error.message).toContain('[services]');
  });
});

function catchError(fn: () => void): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a throw');
}

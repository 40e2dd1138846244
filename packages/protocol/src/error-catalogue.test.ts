import { describe, expect, it } from 'vitest';
import { findOAuthError, findServiceError, parseErrorTypeHeader, SERVICE_ERRORS } from './error-catalogue.js';

describe('error catalogue', () => {
  it('holds the 18 documented service errors (design notes, Wire protocol) with their statuses', () => {
    const rows = SERVICE_ERRORS.map((e) => `${e.service}:${e.name}:${e.status}`);
    expect(rows).toHaveLength(18);
    expect(new Set(rows).size).toBe(18);
    for (const row of [
      'sso-oidc:AccessDeniedException:400',
      'sso-oidc:AuthorizationPendingException:400',
      'sso-oidc:ExpiredTokenException:400',
      'sso-oidc:InvalidClientMetadataException:400',
      'sso-oidc:InvalidGrantException:400',
      'sso-oidc:InvalidRedirectUriException:400',
      'sso-oidc:InvalidRequestException:400',
      'sso-oidc:InvalidRequestRegionException:400',
      'sso-oidc:InvalidScopeException:400',
      'sso-oidc:SlowDownException:400',
      'sso-oidc:UnauthorizedClientException:400',
      'sso-oidc:UnsupportedGrantTypeException:400',
      'sso-oidc:InvalidClientException:401',
      'sso-oidc:InternalServerException:500',
      'sso:InvalidRequestException:400',
      'sso:UnauthorizedException:401',
      'sso:ResourceNotFoundException:404',
      'sso:TooManyRequestsException:429',
    ]) {
      expect(rows).toContain(row);
    }
  });

  it('lets only throttling and server faults be retried', () => {
    const retryable = SERVICE_ERRORS.filter((e) => e.retryable).map((e) => e.name);
    expect(retryable.sort()).toEqual(['InternalServerException', 'TooManyRequestsException']);
    expect(findServiceError('sso', 'TooManyRequestsException')?.throttling).toBe(true);
    // the device-flow poller owns these two; generic retries must never see them as retryable
    expect(findServiceError('sso-oidc', 'AuthorizationPendingException')?.retryable).toBe(false);
    expect(findServiceError('sso-oidc', 'SlowDownException')?.retryable).toBe(false);
  });

  it('maps OAuth error codes back to names', () => {
    expect(findOAuthError('authorization_pending')?.name).toBe('AuthorizationPendingException');
    expect(findOAuthError('slow_down')?.name).toBe('SlowDownException');
    expect(findOAuthError('invalid_client')?.status).toBe(401);
    expect(findOAuthError('nope')).toBeUndefined();
  });

  it('strips the suffix AWS appends to x-amzn-errortype', () => {
    expect(
      parseErrorTypeHeader(
        'AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/',
      ),
    ).toBe('AuthorizationPendingException');
    expect(parseErrorTypeHeader('com.amazonaws.sso#UnauthorizedException')).toBe('UnauthorizedException');
    expect(parseErrorTypeHeader('SlowDownException')).toBe('SlowDownException');
  });
});

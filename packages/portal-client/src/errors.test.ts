import { ServiceError } from '@ssokit/transport';
import { describe, expect, it } from 'vitest';
import {
  InvalidRequestException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UnauthorizedException,
} from './errors.js';

const init = {
  operation: 'ListAccounts',
  status: 401,
  fault: 'client' as const,
  throttling: false,
  isRetryable: false,
};

describe('portal exception classes', () => {
  it('match the transport’s ServiceErrors by AWS error name, like the SDK’s classes', () => {
    const plain = new ServiceError({ ...init, name: 'UnauthorizedException', service: 'sso' });
    expect(plain).toBeInstanceOf(UnauthorizedException);
    expect(plain).not.toBeInstanceOf(TooManyRequestsException);
    expect(plain).not.toBeInstanceOf(InvalidRequestException);
    expect(plain).not.toBeInstanceOf(ResourceNotFoundException);
  });

  it('are ServiceErrors with their name as code when built directly', () => {
    const err = new TooManyRequestsException({ ...init, status: 429, throttling: true, isRetryable: true });
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toBeInstanceOf(TooManyRequestsException);
    expect(err).toMatchObject({
      name: 'TooManyRequestsException',
      code: 'TooManyRequestsException',
      service: 'sso',
    });
    expect(new ResourceNotFoundException({ ...init, status: 404 })).not.toBeInstanceOf(UnauthorizedException);
  });
});

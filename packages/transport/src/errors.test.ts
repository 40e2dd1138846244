import {
  CreateToken,
  GetRoleCredentials,
  GrantType,
  isSsokitError,
  ListAccounts,
  type OperationBinding,
  RegisterClient,
  SERVICE_ERRORS,
  SsokitError,
} from '@ssokit/protocol';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockAgent, rejection } from '../test/helpers.js';
import { decodeServiceError } from './decode.js';
import { isServiceError, isTransportError, ServiceError, TransportError } from './errors.js';
import { Transport } from './transport.js';

const OIDC = 'https://oidc.us-east-1.amazonaws.com';
const PORTAL = 'https://portal.sso.us-east-1.amazonaws.com';
const OIDC_NS = 'http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';
const PORTAL_NS = 'http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/';

let agent: MockAgent;
beforeEach(() => {
  agent = mockAgent();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const tokenInput = {
  clientId: 'cid',
  clientSecret: 'csecret',
  grantType: GrantType.DEVICE_CODE,
  deviceCode: 'dcode',
};

async function failWith(
  op: OperationBinding,
  input: unknown,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): Promise<ServiceError> {
  const origin = op.service === 'sso' ? PORTAL : OIDC;
  agent
    .get(origin)
    .intercept({ path: () => true, method: op.method })
    .reply(status, body, {
      headers: { 'x-amzn-RequestId': 'req-1234', 'content-type': 'application/json', ...headers },
    });
  // One attempt: this file is about decoding, not retrying.
  const transport = new Transport({ endpoint: origin, dispatcher: agent, retry: { maxAttempts: 1 } });
  const err = await rejection(transport.send(op, input as never));
  if (!isServiceError(err)) throw err;
  return err;
}

describe('every catalogue error decodes from a realistic response', () => {
  const oidc = SERVICE_ERRORS.filter((e) => e.service === 'sso-oidc');
  const portal = SERVICE_ERRORS.filter((e) => e.service === 'sso');

  it('covers the 18 documented service errors (design notes, Wire protocol)', () => {
    expect(oidc).toHaveLength(14);
    expect(portal).toHaveLength(4);
  });

  it.each(oidc.map((e) => [e.name, e] as const))('sso-oidc %s', async (_name, spec) => {
    const description = `${spec.name} happened (request for client cid)`;
    const body = JSON.stringify({ error: spec.oauthError, error_description: description });
    const err = await failWith(CreateToken, tokenInput, spec.status, body, {
      'x-amzn-ErrorType': `${spec.name}:${OIDC_NS}`,
    });
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toBeInstanceOf(SsokitError);
    expect(err.name).toBe(spec.name);
    expect(err.code).toBe(spec.name);
    expect(err.status).toBe(spec.status);
    expect(err.service).toBe('sso-oidc');
    expect(err.operation).toBe('CreateToken');
    expect(err.oauthError).toBe(spec.oauthError);
    expect(err.errorDescription).toBe(description);
    expect(err.requestId).toBe('req-1234');
    expect(err.fault).toBe(spec.status >= 500 ? 'server' : 'client');
    expect(err.isRetryable).toBe(spec.name === 'InternalServerException');
    expect(err.throttling).toBe(false);
    expect(err.message).toBe(`sso-oidc CreateToken failed: ${spec.name} (${spec.status}): ${description}`);
  });

  it.each(portal.map((e) => [e.name, e] as const))('sso portal %s', async (_name, spec) => {
    const message =
      spec.name === 'UnauthorizedException' ? 'Session token not found or invalid' : `${spec.name} message`;
    const err = await failWith(
      ListAccounts,
      { accessToken: 'aoa-token' },
      spec.status,
      JSON.stringify({ message }),
      {
        'x-amzn-ErrorType': `${spec.name}:${PORTAL_NS}`,
      },
    );
    expect(err.name).toBe(spec.name);
    expect(err.status).toBe(spec.status);
    expect(err.service).toBe('sso');
    expect(err.serviceMessage).toBe(message);
    expect(err.oauthError).toBeUndefined();
    expect(err.throttling).toBe(spec.name === 'TooManyRequestsException');
    expect(err.isRetryable).toBe(spec.name === 'TooManyRequestsException');
    expect(err.message).toBe(`sso ListAccounts failed: ${spec.name} (${spec.status}): ${message}`);
  });
});

describe('decoding order: header, __type, code, OAuth error, status', () => {
  it('portal 401 with only a message body decodes by status to UnauthorizedException', async () => {
    const err = await failWith(
      GetRoleCredentials,
      { roleName: 'r', accountId: '1', accessToken: 't' },
      401,
      '{"message":"Session token not found or invalid"}',
    );
    expect(err.name).toBe('UnauthorizedException');
    expect(err.message).toBe(
      'sso GetRoleCredentials failed: UnauthorizedException (401): Session token not found or invalid',
    );
  });

  it('uses body __type, namespaced with #', async () => {
    const err = await failWith(
      ListAccounts,
      { accessToken: 't' },
      404,
      '{"__type":"com.amazonaws.switchboard.portal#ResourceNotFoundException","message":"nope"}',
    );
    expect(err.name).toBe('ResourceNotFoundException');
  });

  it('uses body code when there is no header or __type', async () => {
    const err = await failWith(
      RegisterClient,
      { clientName: 'x', clientType: 'public' },
      400,
      '{"code":"InvalidClientMetadataException","message":"bad"}',
    );
    expect(err.name).toBe('InvalidClientMetadataException');
    expect(err.serviceMessage).toBe('bad');
  });

  it('falls back to the OAuth error code on sso-oidc', async () => {
    const err = await failWith(
      CreateToken,
      tokenInput,
      400,
      '{"error":"slow_down","error_description":"Client is polling too quickly"}',
    );
    expect(err.name).toBe('SlowDownException');
    expect(err.oauthError).toBe('slow_down');
    expect(err.isRetryable).toBe(false);
  });

  it('the header wins over the body', async () => {
    const err = await failWith(
      CreateToken,
      tokenInput,
      400,
      '{"__type":"InvalidRequestException","error":"invalid_request"}',
      {
        'x-amzn-errortype': 'ExpiredTokenException',
      },
    );
    expect(err.name).toBe('ExpiredTokenException');
    expect(err.oauthError).toBe('invalid_request');
  });

  it('keeps reason', async () => {
    const err = await failWith(
      CreateToken,
      tokenInput,
      400,
      '{"error":"invalid_request","error_description":"Token expired","reason":"KMS_AccessDeniedException"}',
      { 'x-amzn-errortype': `InvalidRequestException:${OIDC_NS}` },
    );
    expect(err.reason).toBe('KMS_AccessDeniedException');
    expect(err.message).toContain('(reason: KMS_AccessDeniedException)');
  });

  it('an undecodable 400 is UnknownError, not retryable', async () => {
    const err = await failWith(CreateToken, tokenInput, 400, 'Bad Request');
    expect(err.name).toBe('UnknownError');
    expect(err.status).toBe(400);
    expect(err.isRetryable).toBe(false);
    expect(err.fault).toBe('client');
  });

  it('a bare 502 from a proxy is a retryable server fault', () => {
    const err = decodeServiceError(ListAccounts, {
      status: 502,
      headers: {},
      body: '<html>Bad Gateway</html>',
    });
    expect(err.name).toBe('InternalServerException');
    expect(err.fault).toBe('server');
    expect(err.isRetryable).toBe(true);
  });

  it('a bare 429 on sso-oidc is throttling', () => {
    const err = decodeServiceError(
      CreateToken,
      { status: 429, headers: { 'retry-after': '3' }, body: '' },
      { now: 0 },
    );
    expect(err.name).toBe('TooManyRequestsException');
    expect(err.throttling).toBe(true);
    expect(err.retryAfterMs).toBe(3000);
  });
});

describe('brands', () => {
  it('isServiceError and isTransportError work on objects from another copy of the package', () => {
    // A second copy has its own classes but shares the Symbol.for brands (and sets code = name).
    const foreign = Object.assign(new Error('x'), { name: 'SlowDownException', code: 'SlowDownException' });
    Object.defineProperty(foreign, Symbol.for('@ssokit/transport/ServiceError'), { value: true });
    Object.defineProperty(foreign, Symbol.for('@ssokit/error'), { value: true });
    expect(isServiceError(foreign)).toBe(true);
    expect(isServiceError(foreign, 'SlowDownException')).toBe(true);
    expect(isServiceError(foreign, 'AccessDeniedException')).toBe(false);
    expect(foreign instanceof ServiceError).toBe(true);
    expect(isSsokitError(foreign)).toBe(true);
    expect(isServiceError(new Error('x'))).toBe(false);
    expect(isTransportError(foreign)).toBe(false);
  });

  it('TransportError carries its code and retryability', () => {
    const e = new TransportError('ERR_SSOKIT_TIMEOUT', 'slow', { isRetryable: true });
    expect(isTransportError(e, 'ERR_SSOKIT_TIMEOUT')).toBe(true);
    expect(e instanceof TransportError).toBe(true);
    expect(e instanceof ServiceError).toBe(false);
    expect(e.isRetryable).toBe(true);
    expect(e.name).toBe('TransportError');
  });
});

import { AssumeRole, GetCallerIdentity } from '@ssokit/protocol';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockAgent, rejection } from '../test/helpers.js';
import { isServiceError, isTransportError } from './errors.js';
import { Transport } from './transport.js';

const STS = 'https://sts.eu-west-1.amazonaws.com';
const signer = async () => ({
  authorization: 'AWS4-HMAC-SHA256 Credential=ASIA/…',
  'x-amz-date': '20261130T120000Z',
});

const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/Deploy/alice</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:alice</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>secret&amp;key</SecretAccessKey>
      <SessionToken>FwoGZXIvYXdzEXAMPLE</SessionToken>
      <Expiration>2026-11-30T13:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

let agent: MockAgent;
beforeEach(() => {
  agent = mockAgent();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

describe('AWS Query (STS) over the transport', () => {
  it('sends a signed form body with Action and Version and reads the XML result', async () => {
    let body = '';
    let headers: Record<string, string> = {};
    agent
      .get(STS)
      .intercept({ path: '/', method: 'POST' })
      .reply((opts) => {
        body = String(opts.body);
        headers = opts.headers as Record<string, string>;
        return {
          statusCode: 200,
          data: ASSUME_ROLE_XML,
          responseOptions: { headers: { 'content-type': 'text/xml' } },
        };
      });
    const t = new Transport({ endpoint: STS, dispatcher: agent });
    const out = await t.send(
      AssumeRole,
      { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'alice', DurationSeconds: 900 },
      { signer },
    );
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: 'arn:aws:iam::111122223333:role/Deploy',
      RoleSessionName: 'alice',
      DurationSeconds: '900',
    });
    expect(body.startsWith('Action=AssumeRole&Version=2011-06-15&')).toBe(true);
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(headers['authorization']).toMatch(/^AWS4-HMAC-SHA256/);
    expect(out.Credentials).toEqual({
      AccessKeyId: 'ASIAEXAMPLE',
      SecretAccessKey: 'secret&key',
      SessionToken: 'FwoGZXIvYXdzEXAMPLE',
      Expiration: '2026-11-30T13:00:00Z',
    });
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Deploy/alice');
  });

  it('reads an empty result (GetCallerIdentity members are optional)', async () => {
    agent
      .get(STS)
      .intercept({ path: '/', method: 'POST' })
      .reply(
        200,
        '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
      );
    const t = new Transport({ endpoint: STS, dispatcher: agent });
    expect(await t.send(GetCallerIdentity, {}, { signer })).toEqual({ Account: '111122223333' });
  });

  it('decodes the AWS Query error document into a ServiceError with its code, message and request id', async () => {
    agent
      .get(STS)
      .intercept({ path: '/', method: 'POST' })
      .reply(
        403,
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::111122223333:assumed-role/A/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/B</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
      );
    const t = new Transport({ endpoint: STS, dispatcher: agent });
    const e = await rejection(
      t.send(
        AssumeRole,
        { RoleArn: 'arn:aws:iam::111122223333:role/B', RoleSessionName: 'alice' },
        { signer },
      ),
    );
    expect(isServiceError(e)).toBe(true);
    expect(e).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      requestId: 'r-1',
      fault: 'client',
      isRetryable: false,
      service: 'sts',
    });
    expect((e as { serviceMessage?: string }).serviceMessage).toMatch(
      /not authorized to perform: sts:AssumeRole/,
    );
  });

  it('a 200 that is not the expected XML is an invalid response, not a crash', async () => {
    agent
      .get(STS)
      .intercept({ path: '/', method: 'POST' })
      .reply(200, '<html><body>captive portal</body></html>');
    const t = new Transport({ endpoint: STS, dispatcher: agent });
    const e = await rejection(t.send(GetCallerIdentity, {}, { signer }));
    expect(isTransportError(e)).toBe(true);
    expect((e as Error).message).toMatch(/not its XML answer/);
  });
});

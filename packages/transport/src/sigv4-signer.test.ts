import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSigV4Signer, type SigningCredentials } from './sigv4-signer.js';
import { FakeClock } from './testing.js';

const CREDENTIALS: SigningCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-example',
};
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/**
 * AWS Signature Version 4 computed step by step as AWS documents it
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
 * independently of @smithy/signature-v4: the signature of `headers` (all of them signed).
 */
function referenceAuthorization(
  request: { method: string; path: string; query: string; headers: Record<string, string>; body: string },
  scope: { date: string; region: string; service: string },
  credentials: SigningCredentials,
): string {
  const names = Object.keys(request.headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v.trim()]),
  );
  const canonicalRequest = [
    request.method,
    request.path,
    request.query,
    ...names.map((n) => `${n}:${lower[n]}`),
    '',
    names.join(';'),
    sha256(request.body),
  ].join('\n');
  const day = scope.date.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', scope.date, credentialScope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}

describe('createSigV4Signer', () => {
  it('signs a CreateTokenWithIAM request as AWS documents SigV4, at the clock time', async () => {
    const clock = new FakeClock(Date.parse('2026-02-03T04:05:06Z'));
    const signer = createSigV4Signer({
      region: 'eu-west-1',
      service: 'sso-oauth',
      credentials: CREDENTIALS,
      clock,
    });
    const body = JSON.stringify({
      clientId: 'arn:aws:sso::123456789012:application/ssoins-1/apl-1',
      grantType: 'x',
    });
    const added = await signer({
      method: 'POST',
      url: new URL('https://oidc.eu-west-1.amazonaws.com/token?aws_iam=t'),
      headers: { 'content-type': 'application/json', 'user-agent': 'ssokit-test/1.0' },
      body,
    });
    const expected = referenceAuthorization(
      {
        method: 'POST',
        path: '/token',
        query: 'aws_iam=t',
        headers: {
          'content-type': 'application/json',
          host: 'oidc.eu-west-1.amazonaws.com',
          'x-amz-content-sha256': sha256(body),
          'x-amz-date': '20260203T040506Z',
          'x-amz-security-token': 'session-token-example',
        },
        body,
      },
      { date: '20260203T040506Z', region: 'eu-west-1', service: 'sso-oauth' },
      CREDENTIALS,
    );
    expect(added.authorization).toBe(expected);
    expect(added).toMatchObject({
      'x-amz-date': '20260203T040506Z',
      'x-amz-security-token': 'session-token-example',
      'x-amz-content-sha256': sha256(body),
    });
    // undici sets host from the URL; the signer does not add a second one
    expect(Object.keys(added).map((k) => k.toLowerCase())).not.toContain('host');
  });

  it('signs the port of a loopback endpoint into host, for service sts, with a credential provider', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T12:00:00Z'));
    let asked = 0;
    const provider = async () => {
      asked++;
      return { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'provided-secret' };
    };
    const signer = createSigV4Signer({ region: 'us-east-1', service: 'sts', credentials: provider, clock });
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const request = {
      method: 'POST',
      url: new URL('http://127.0.0.1:4510/'),
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    };
    const first = await signer(request);
    await clock.advance(60_000);
    const second = await signer(request);
    const reference = (date: string) =>
      referenceAuthorization(
        {
          method: 'POST',
          path: '/',
          query: '',
          headers: {
            'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
            host: '127.0.0.1:4510',
            'x-amz-content-sha256': sha256(body),
            'x-amz-date': date,
          },
          body,
        },
        { date, region: 'us-east-1', service: 'sts' },
        { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'provided-secret' },
      );
    expect(first.authorization).toBe(reference('20261130T120000Z'));
    expect(second.authorization).toBe(reference('20261130T120100Z'));
    expect(asked).toBe(2);
  });
});

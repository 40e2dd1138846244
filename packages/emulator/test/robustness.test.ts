import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../src/index.js';

const ROUTES: Array<[method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string]> = [
  ['POST', '/client/register'],
  ['POST', '/device_authorization'],
  ['POST', '/token'],
  ['POST', '/token?aws_iam=t'],
  ['GET', '/federation/credentials'],
  ['GET', '/assignment/accounts'],
  ['GET', '/assignment/roles'],
  ['POST', '/logout'],
  ['GET', '/authorize'],
  ['POST', '/authorize/signin'],
  ['POST', '/authorize/consent'],
  ['GET', '/device'],
  ['POST', '/device'],
  ['POST', '/device/signin'],
  ['POST', '/device/consent'],
  ['GET', '/start'],
  ['DELETE', '/token'],
  ['GET', '/token'],
  ['PUT', '/client/register'],
  ['GET', '/no/such/route'],
];

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));
const token = (max: number) => fc.stringMatching(new RegExp(`^[\\x21-\\x7e]{0,${max}}$`));
const memberNames = [
  'clientName',
  'clientType',
  'scopes',
  'redirectUris',
  'grantTypes',
  'issuerUrl',
  'clientId',
  'clientSecret',
  'startUrl',
  'grantType',
  'deviceCode',
  'code',
  'refreshToken',
  'scope',
  'redirectUri',
  'codeVerifier',
  'assertion',
];
const wireValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    'public',
    'refresh_token',
    'authorization_code',
    'urn:ietf:params:oauth:grant-type:device_code',
    '',
  ),
);
/** Bodies that look almost right: real member names with wrong or odd values. */
const nearlyValid = fc
  .dictionary(fc.constantFrom(...memberNames), wireValue, { maxKeys: 6 })
  .map((o) => JSON.stringify(o));
const body = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  nearlyValid,
  fc.uint8Array({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '[]',
    'null',
    '{"clientName":',
    '\u0000',
    '{"a":1}{"b":2}',
    'user_code=%ZZ&decision=allow',
  ),
);
const queryKeys = fc.constantFrom(
  'max_result',
  'next_token',
  'account_id',
  'role_name',
  'user_code',
  'client_id',
  'redirect_uri',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'scopes',
  'state',
  'aws_iam',
);
const query = fc.oneof(
  fc.dictionary(queryKeys, printable(40), { maxKeys: 5 }).map((d) => new URLSearchParams(d).toString()),
  fc.stringMatching(/^[A-Za-z0-9%=&_.~+-]{0,60}$/),
);
const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/json; charset=utf-16',
    ),
    'x-amz-sso_bearer_token': token(80),
    authorization: fc.oneof(
      token(60),
      fc.constant(
        'AWS4-HMAC-SHA256 Credential=ASIAXXXXXXXXXXXXXXXX/20260101/us-east-1/sso-oauth/aws4_request, SignedHeaders=host;x-amz-date, Signature=' +
          '0'.repeat(64),
      ),
    ),
    'x-amz-date': fc.oneof(token(20), fc.constant('20260101T000000Z')),
    'x-amz-security-token': token(40),
  },
  { requiredKeys: [] },
);

describe('robustness', () => {
  let emulator: RunningEmulator;
  let dispatcher: Agent;
  beforeAll(async () => {
    emulator = await startEmulator({ pollIntervalSeconds: 1 });
    dispatcher = new Agent({ connections: 8 });
  });
  afterAll(async () => {
    await dispatcher.close();
    await emulator.close();
  });

  it('answers thousands of malformed requests on every route with 4xx (or 2xx/3xx), never 5xx, and stays up', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), query, headers, body, async ([method, path], q, h, b) => {
        const sep = path.includes('?') ? '&' : '?';
        const res = await request(`${emulator.url}${path}${q ? sep + q : ''}`, {
          method,
          headers: h,
          ...(b === undefined || method === 'GET' ? {} : { body: b }),
          dispatcher,
        });
        const text = await res.body.text();
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${method} ${path} -> ${res.statusCode} ${text.slice(0, 200)}`).toBeLessThan(
          500,
        );
        expect(res.headers['x-amzn-requestid']).toBeTruthy();
        if (res.statusCode >= 400 && String(res.headers['content-type']).includes('json')) {
          const parsed = JSON.parse(text) as Record<string, unknown>;
          expect(typeof (parsed.error_description ?? parsed.message)).toBe('string');
          expect(res.headers['x-amzn-errortype']).toBeTruthy();
        }
      }),
      { numRuns: 3000 },
    );
    // mostly rejections, as it should be for garbage
    const rejected = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0);
    expect(rejected).toBeGreaterThan(1500);
    // still alive and still correct
    const ok = await fetch(`${emulator.url}/client/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientName: 'after-fuzz', clientType: 'public' }),
    });
    expect(ok.status).toBe(200);
    expect(emulator.admin.counters().RegisterClient).toBeGreaterThan(50);
    // 3,000 real requests: seconds alone, much longer when CI runs every package's tests at once
  }, 180_000);
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { python, pythonWithBotocore } from '../test/helpers.js';
import {
  type RegistrationKeyInput,
  registrationCacheKey,
  registrationCacheKeySource,
  tokenCacheKey,
} from './cache-keys.js';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('tokenCacheKey', () => {
  it('hashes the session name, or the start URL for a legacy profile', () => {
    expect(tokenCacheKey({ ssoSession: 'work', startUrl: 'https://a.awsapps.com/start' })).toBe(sha1('work'));
    expect(tokenCacheKey({ startUrl: 'https://a.awsapps.com/start' })).toBe(
      sha1('https://a.awsapps.com/start'),
    );
  });
});

describe('registrationCacheKeySource', () => {
  it('uses Python separators, sorted keys and null for absent members', () => {
    const text = registrationCacheKeySource({ region: 'us-east-1', startUrl: 'https://x', scopes: null });
    expect(JSON.parse(text)).toEqual({
      region: 'us-east-1',
      scopes: null,
      session_name: null,
      startUrl: 'https://x',
      tool: 'botocore',
    });
    expect(text).toContain('", "');
    expect(text).toContain('": "');
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(JSON.parse(text)).sort());
  });

  it('escapes non-ASCII like ensure_ascii', () => {
    expect(registrationCacheKeySource({ region: 'r', startUrl: 'https://é/😀', sessionName: 'ü' })).toContain(
      '"https://\\u00e9/\\ud83d\\ude00"',
    );
  });
});

const shouldRunPython = pythonWithBotocore();

describe.runIf(shouldRunPython)('cache keys equal what Python/botocore computes', () => {
  const input = fc.record({
    region: fc.oneof(fc.constantFrom('us-east-1', 'eu-west-1', 'cn-north-1'), fc.string()),
    startUrl: fc.oneof(fc.webUrl(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })),
    scopes: fc.oneof(fc.constant(null), fc.array(fc.oneof(fc.constant('sso:account:access'), fc.string()))),
    sessionName: fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('work', 'my session'),
    ),
  });

  it('for 300 generated inputs (unicode, quotes, control characters)', () => {
    const cases: RegistrationKeyInput[] = [
      {
        region: 'us-east-1',
        startUrl: 'https://d-123.awsapps.com/start',
        scopes: ['sso:account:access'],
        sessionName: 'work',
      },
      { region: 'us-east-1', startUrl: 'https://d-123.awsapps.com/start', scopes: null, sessionName: null },
      {
        region: 'eu-west-1',
        startUrl: 'https://x/"\\\u007f\u0001\t',
        scopes: ['a', 'b'],
        sessionName: 'ü😀',
      },
      ...fc.sample(input, { numRuns: 297, seed: 42 }),
    ];
    // Python computes both keys exactly as botocore/awscli do: SSOTokenLoader for the token, json.dumps for the registration.
    const script = `
import sys, json, hashlib
from botocore.utils import SSOTokenLoader
loader = SSOTokenLoader()
out = []
for c in json.load(sys.stdin):
    args = {"tool": "botocore", "startUrl": c["startUrl"], "region": c["region"], "scopes": c["scopes"], "session_name": c["sessionName"]}
    reg = hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest()
    tok = loader._generate_cache_key(c["startUrl"], c["sessionName"])
    out.append([reg, tok])
print(json.dumps(out))
`;
    // Lone surrogates cannot travel through UTF-8 to Python (botocore could not hash them either).
    const encodable = cases.filter((c) =>
      [c.region, c.startUrl, c.sessionName ?? '', ...(c.scopes ?? [])].every((s) => !/\p{Cs}/u.test(s)),
    );
    const fromBotocore = JSON.parse(python(script, encodable)) as Array<[string, string]>;
    expect(fromBotocore).toHaveLength(encodable.length);
    expect(encodable.length).toBeGreaterThan(250);
    encodable.forEach((c, i) => {
      expect(registrationCacheKey(c)).toBe(fromBotocore[i]![0]);
      expect(tokenCacheKey({ ssoSession: c.sessionName ?? undefined, startUrl: c.startUrl })).toBe(
        fromBotocore[i]![1],
      );
    });
  });
});

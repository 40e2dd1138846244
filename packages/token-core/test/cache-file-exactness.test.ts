// token.ts and registration-cache.ts read the cache files without zod (it cost ~50 ms of a cold
// `fromSso`). These are the zod schemas they replaced, kept as the reference: on a corpus of valid,
// broken and hostile files, the zod-free readers must give exactly what the schemas gave.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeRegistration } from '../src/registration-cache.js';
import { parseTimestamp } from '../src/timestamps.js';
import { KNOWN_KEYS, parseTokenFile } from '../src/token.js';

const optionalString = z.string().min(1).optional().catch(undefined);
const timestamp = z.string().transform((s, ctx) => {
  const d = parseTimestamp(s);
  if (!d) {
    ctx.addIssue({ code: 'custom', message: 'not an RFC 3339 timestamp' });
    return z.NEVER;
  }
  return d;
});
const TokenFileSchema = z.looseObject({
  startUrl: optionalString,
  region: optionalString,
  accessToken: z.string().min(1),
  expiresAt: timestamp,
  clientId: optionalString,
  clientSecret: optionalString,
  registrationExpiresAt: timestamp.optional().catch(undefined),
  refreshToken: optionalString,
});
const optionalStrings = z.array(z.string()).optional().catch(undefined);
const RegistrationFileSchema = z.looseObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  expiresAt: z.string(),
  scopes: optionalStrings,
  grantTypes: optionalStrings,
});

const KNOWN: readonly string[] = KNOWN_KEYS;

/** parseTokenFile as it was with the zod schema. */
function tokenWithZod(text: string): unknown {
  if (text.trim() === '') return { ok: false, problem: 'the file is empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the file is not valid JSON (truncated or corrupt)' };
  }
  const parsed = TokenFileSchema.safeParse(json);
  if (!parsed.success) {
    // zod reported `accessToken: []` twice (not a string, and too short): the reader names it once.
    const where = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    return { ok: false, problem: `the file is not an SSO token (invalid: ${where})` };
  }
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) if (!KNOWN.includes(k)) extra[k] = v;
  const d = parsed.data as Record<string, unknown>;
  const token: Record<string, unknown> = { accessToken: d['accessToken'], expiresAt: d['expiresAt'] };
  for (const k of KNOWN) if (!(k in token) && d[k] !== undefined) token[k] = d[k];
  return { ok: true, token, extra };
}

/** decodeRegistration as it was with the zod schema. */
function registrationWithZod(text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON (truncated or corrupt)' };
  }
  const parsed = RegistrationFileSchema.safeParse(json);
  const expiresAt = parsed.success ? parseTimestamp(parsed.data.expiresAt) : undefined;
  if (!parsed.success || !expiresAt) return { ok: false, problem: 'not a client registration' };
  const reg: Record<string, unknown> = {
    clientId: parsed.data.clientId,
    clientSecret: parsed.data.clientSecret,
    expiresAt,
  };
  if (parsed.data.scopes) reg['scopes'] = parsed.data.scopes;
  if (parsed.data.grantTypes) reg['grantTypes'] = parsed.data.grantTypes;
  return { ok: true, value: reg };
}

const VALUES: unknown[] = [
  'x',
  '',
  '2030-01-01T00:00:00Z',
  '2030-01-01T00:00:00UTC',
  '2030-13-45T99:00:00Z',
  'not a date',
  0,
  JSON.parse('1e400'),
  -1,
  true,
  null,
  [],
  ['a'],
  ['a', 1],
  {},
  { nested: 'x' },
];

function corpus(valid: Record<string, unknown>): string[] {
  const texts = ['', '   ', '{', 'null', '[]', '"text"', '42', 'true', '{}'];
  const add = (o: unknown) => texts.push(JSON.stringify(o));
  add(valid);
  add({ ...valid, extra: 'kept in extra', nested: { deep: [1] } });
  texts.push(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`);
  for (const key of [
    ...Object.keys(valid),
    'registrationExpiresAt',
    'refreshToken',
    'scopes',
    'grantTypes',
  ]) {
    const { [key]: _dropped, ...without } = valid;
    add(without);
    for (const v of VALUES) add({ ...valid, [key]: v });
  }
  // two members wrong at once: every problem is named, in the schema's order
  add({ ...valid, accessToken: 5, expiresAt: 'never' });
  add({ ...valid, clientId: '', clientSecret: 3, expiresAt: 7 });
  return texts;
}

const canonical = (v: unknown) =>
  JSON.stringify(v, (_k, x) => (x instanceof Date ? `Date(${x.getTime()})` : x));

describe('the cache files are read exactly as the zod schemas read them', () => {
  it('token files', () => {
    const valid = {
      startUrl: 'https://d-1234567890.awsapps.com/start',
      region: 'eu-west-1',
      accessToken: 'aoa-token',
      expiresAt: '2030-01-01T00:00:00Z',
      clientId: 'cid',
      clientSecret: 'secret',
      registrationExpiresAt: '2030-02-01T00:00:00Z',
      refreshToken: 'rt',
    };
    const texts = corpus(valid);
    let ok = 0;
    for (const text of texts) {
      const want = tokenWithZod(text);
      const got = parseTokenFile(text);
      expect(canonical(got), text).toBe(canonical(want));
      if (got.ok) {
        ok++;
        expect(got.token.expiresAt).toBeInstanceOf(Date);
      }
    }
    expect(ok).toBeGreaterThan(10);
    expect(ok).toBeLessThan(texts.length - 10);
  });

  it('client registration files', () => {
    const valid = {
      clientId: 'cid',
      clientSecret: 'secret',
      expiresAt: '2030-01-01T00:00:00Z',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    };
    const texts = corpus(valid);
    let ok = 0;
    for (const text of texts) {
      const want = registrationWithZod(text);
      const got = decodeRegistration(text);
      expect(canonical(got), text).toBe(canonical(want));
      if (got.ok) ok++;
    }
    expect(ok).toBeGreaterThan(10);
    expect(ok).toBeLessThan(texts.length - 10);
  });
});

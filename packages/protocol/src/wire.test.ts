import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OperationBinding } from './binding.js';
import { isWireValidator } from './binding.js';
import { OPERATIONS, type OperationName } from './operations.js';
import * as wireEntry from './wire.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// Values of every JSON type, plus what JSON.parse makes of hostile text: non-finite and huge numbers,
// -0, fractions, the empty string, nested objects.
const VALUES: unknown[] = [
  'x',
  '',
  'public',
  0,
  -0,
  1,
  100,
  101,
  1.5,
  -3,
  2 ** 53 + 2,
  JSON.parse('1e400'),
  Number.NaN,
  true,
  null,
  undefined,
  [],
  ['a', 'b'],
  [1],
  {},
  { nested: 'x' },
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

/** A value the JSON Schema of one member accepts. */
function sample(schema: Record<string, unknown>): Json {
  if (schema['const'] !== undefined) return schema['const'] as Json;
  switch (schema['type']) {
    case 'string':
      return 'value';
    case 'number':
      return 12345;
    case 'integer':
      return 7;
    case 'array':
      return [sample(schema['items'] as Record<string, unknown>)];
    case 'object': {
      const props = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sample(v)]));
    }
    default:
      return 'value';
  }
}

/** Every body the corpus throws at a schema: valid, each member missing / of every type, extra keys. */
function corpus(schema: z.ZodType): unknown[] {
  const json = z.toJSONSchema(schema, { io: 'output' }) as Record<string, unknown>;
  const valid = sample(json) as Record<string, Json>;
  const props = (json['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const out: unknown[] = [
    valid,
    {},
    ...VALUES.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  ];
  out.push({ ...valid, extra: 'kept or dropped', other: { deep: 1 } });
  const withKey = (obj: object, text: string) =>
    JSON.parse(`{${text}${Object.keys(obj).length ? ', ' : ''}${JSON.stringify(obj).slice(1)}`);
  out.push(withKey(valid, '"__proto__": {"polluted": true}'));
  out.push(withKey(valid, '"constructor": {"prototype": {"polluted": true}}'));
  for (const [key, member] of Object.entries(props)) {
    const { [key]: _dropped, ...without } = valid;
    out.push(without);
    for (const v of VALUES) out.push({ ...valid, [key]: v });
    if (member['type'] === 'object') {
      const inner = sample(member) as Record<string, Json>;
      out.push({ ...valid, [key]: { ...inner, extra: 1 } });
      out.push({ ...valid, [key]: withKey(inner, '"__proto__": {"polluted": true}') });
      for (const innerKey of Object.keys(inner))
        for (const v of VALUES) out.push({ ...valid, [key]: { ...inner, [innerKey]: v } });
    }
    if (member['type'] === 'array') {
      const item = sample(member['items'] as Record<string, unknown>);
      for (const v of VALUES) out.push({ ...valid, [key]: [item, v] });
      const items = member['items'] as Record<string, unknown>;
      if (items['type'] === 'object')
        for (const innerKey of Object.keys(item as object))
          for (const v of VALUES) out.push({ ...valid, [key]: [{ ...(item as object), [innerKey]: v }] });
      if (items['type'] === 'object')
        out.push({ ...valid, [key]: [withKey(item as object, '"__proto__": 1')] });
    }
  }
  return out;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return value === undefined ? 'undefined' : Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

const clone = (v: unknown): unknown =>
  v === undefined ? undefined : typeof v === 'number' ? v : structuredClone(v);

const wire = { ...wireEntry };

describe('@ssokit/protocol/wire: the compiled validators', () => {
  const names = Object.keys(OPERATIONS) as OperationName[];

  it('offers every sso-oidc and sso portal operation with the same HTTP binding', () => {
    expect(Object.keys(wireEntry).sort()).toEqual([...names].sort());
    for (const name of names) {
      const { input, output, ...http } = wire[name] as OperationBinding;
      const { input: zi, output: zo, ...zodHttp } = OPERATIONS[name] as OperationBinding;
      expect(http).toEqual(zodHttp);
      expect(isWireValidator(input) && isWireValidator(output)).toBe(true);
      expect(isWireValidator(zi) || isWireValidator(zo)).toBe(false);
    }
  });

  describe.each(names.flatMap((name) => (['input', 'output'] as const).map((m) => [name, m] as const)))(
    '%s %s',
    (name, member) => {
      const zodSchema = OPERATIONS[name][member] as z.ZodType;
      const compiled = wire[name][member];
      it('accepts exactly what the zod schema accepts and returns the same data', () => {
        const bodies = corpus(zodSchema);
        expect(bodies.length).toBeGreaterThan(20);
        let accepted = 0;
        for (const body of bodies) {
          const want = zodSchema.safeParse(clone(body));
          const given = clone(body);
          const got = compiled.safeParse(given);
          const label = `${name} ${member} ${JSON.stringify(body)}`;
          expect(got.success, label).toBe(want.success);
          if (want.success && got.success) {
            accepted++;
            // Same members and values at every depth (own `__proto__` keys included), same prototypes.
            // Only the order of unknown members may differ: zod lists the schema's members first.
            expect(canonical(got.data), label).toBe(canonical(want.data));
            expect(Object.getPrototypeOf(got.data), label).toBe(Object.getPrototypeOf(want.data));
          }
          if (!got.success) expect(got.error.issues.length, label).toBeGreaterThan(0);
        }
        expect(accepted).toBeGreaterThan(0);
      });
    },
  );

  it('does not change the request object it is given (zod returns a copy)', () => {
    const input = { roleName: 'r', accountId: '1', accessToken: 't', extra: 'x' };
    const r = wire.GetRoleCredentials.input.safeParse(input);
    expect(r).toEqual({ success: true, data: { roleName: 'r', accountId: '1', accessToken: 't' } });
    expect(input.extra).toBe('x');
  });

  it('names the member in its issues', () => {
    const r = wire.GetRoleCredentials.input.safeParse({ roleName: 'r', accountId: 1, accessToken: 't' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.path).toEqual(['accountId']);
    const missing = wire.ListAccounts.output.safeParse({ accountList: [{ accountId: 5 }] });
    if (!missing.success) expect(missing.error.issues[0]?.path).toEqual(['accountList', 0, 'accountId']);
    expect(missing.success).toBe(false);
  });

  it('src/generated/wire-validators.js is what scripts/generate-validators.mjs makes of the schemas now', async () => {
    const script = '../scripts/generate-validators.mjs';
    const { generateValidators } = (await import(script)) as {
      generateValidators: (ops: typeof OPERATIONS, zod: typeof z) => string;
    };
    const committed = readFileSync(new URL('./generated/wire-validators.js', import.meta.url), 'utf8');
    // After changing a schema: pnpm --filter @ssokit/protocol build && node packages/protocol/scripts/generate-validators.mjs
    expect(committed === generateValidators(OPERATIONS, z)).toBe(true);
  });

  it('the wire entry and the generated module load no zod', () => {
    const src = (f: string) => readFileSync(new URL(f, import.meta.url), 'utf8');
    expect(src('./generated/wire-validators.js')).not.toMatch(/\bimport\b|\brequire\(/);
    for (const f of ['./wire.ts', './binding.ts', './http-bindings.ts', './constants.ts'])
      expect(src(f)).not.toMatch(/^import (?!type)[^;]*from '(?:zod|\.\/sso-[\w-]+\.js|\.\/index\.js)'/m);
  });
});

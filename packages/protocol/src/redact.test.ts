import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactSecrets, redactValue, scrubText } from './redact.js';
import { isSsokitError, SsokitError, ValidationError } from './ssokit-error.js';

const CANARY = 'CANARY-7f3a9c1e5b2d4f6a8c0e';

describe('redaction', () => {
  it('redacts every secret member of SPEC §8, deeply', () => {
    const members = [
      'accessToken',
      'refreshToken',
      'clientSecret',
      'deviceCode',
      'code',
      'codeVerifier',
      'secretAccessKey',
      'sessionToken',
    ];
    const value = {
      clientId: 'public-id',
      nested: [{ ...Object.fromEntries(members.map((m) => [m, CANARY])) }],
    };
    const out = redactSecrets(value);
    expect(JSON.stringify(out)).not.toContain(CANARY);
    expect(inspect(out, { depth: 10 })).not.toContain(CANARY);
    expect(out.clientId).toBe('public-id');
    expect(value.nested[0]?.accessToken).toBe(CANARY); // the input is untouched
  });

  it('keeps at most a short prefix', () => {
    expect(redactValue(CANARY)).toBe('CANA…(redacted)');
    expect(redactValue('short')).toBe('(redacted)');
    expect(scrubText(`token ${CANARY} rejected`, [CANARY])).toBe('token CANA…(redacted) rejected');
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { accessToken: CANARY };
    a['self'] = a;
    expect(JSON.stringify(redactSecrets(a))).toContain('[Circular]');
  });
});

describe('SsokitError', () => {
  it('is recognised by brand, also across copies', () => {
    const e = new ValidationError('bad', { member: 'x' });
    expect(isSsokitError(e)).toBe(true);
    expect(e).toBeInstanceOf(SsokitError);
    expect(e).toBeInstanceOf(ValidationError);
    // an error built by another copy of the package carries the same global-symbol brand
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@ssokit/error')]: true });
    expect(isSsokitError(foreign)).toBe(true);
    expect(foreign instanceof SsokitError).toBe(true);
    expect(isSsokitError(new Error('plain'))).toBe(false);
    expect(e.code).toBe('ERR_SSOKIT_INVALID_INPUT');
    expect(e.name).toBe('ValidationError');
  });
});

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint, validateEndpointUrl, validateStartUrl } from './endpoints.js';
import {
  redactSecrets,
  redactUrl,
  redactUrlsInText,
  redactValue,
  scrubText,
  withRedactedInspect,
} from './redact.js';
import { isSsokitError, SsokitError, ValidationError } from './ssokit-error.js';

const CANARY = 'CANARY-7f3a9c1e5b2d4f6a8c0e';

describe('redaction', () => {
  it('redacts every secret member, deeply', () => {
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

describe('URLs in messages', () => {
  it('redactUrl hides user info, query values and the fragment, and keeps the rest', () => {
    expect(redactUrl('https://user:pw@proxy.example.com:8443/start?token=abc&x=1#frag')).toBe(
      'https://(redacted)@proxy.example.com:8443/start?token=(redacted)&x=(redacted)#(redacted)',
    );
    expect(redactUrl('http://127.0.0.1:4566')).toBe('http://127.0.0.1:4566');
    expect(redactUrl('https://my-org.awsapps.com/start/#/')).toBe(
      'https://my-org.awsapps.com/start/#(redacted)',
    );
    expect(redactUrl('https://h/?bare')).toBe('https://h/?(redacted)');
    // an unencoded @ in the password, and text that is no valid URL
    expect(redactUrl('https://me:p@ss@host/')).toBe('https://(redacted)@host/');
    expect(redactUrl('http://me:pw@[::1')).toBe('http://(redacted)@[::1');
  });

  it('redactUrlsInText finds every URL in a sentence and keeps its punctuation', () => {
    expect(
      redactUrlsInText(
        'endpoint "http://a:b@127.0.0.1:9/?k=v" failed; see https://x.test/p?q=1. Or `https://c:d@e/`',
      ),
    ).toBe(
      'endpoint "http://(redacted)@127.0.0.1:9/?k=(redacted)" failed; see https://x.test/p?q=(redacted). Or `https://(redacted)@e/`',
    );
    expect(redactUrlsInText('no url here')).toBe('no url here');
  });

  it('every ssokit error message redacts the URLs it names', () => {
    const messages: string[] = [];
    const capture = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(isSsokitError(e)).toBe(true);
        messages.push((e as Error).message, String(e), inspect(e));
      }
    };
    capture(() => validateEndpointUrl(`http://admin:${CANARY}@example.com/`, 'AWS_ENDPOINT_URL'));
    capture(() => validateEndpointUrl(`https://example.com/?X-Amz-Signature=${CANARY}`, 'endpoint_url'));
    capture(() => validateEndpointUrl(`ftp://u:${CANARY}@example.com/`, 'endpoint_url'));
    capture(() => validateStartUrl(`http://u:${CANARY}@example.com/start`));
    capture(() => validateStartUrl(`ftp://example.com/start?token=${CANARY}`));
    capture(() =>
      resolveEndpoint({
        service: 'sso',
        region: 'us-east-1',
        env: { AWS_ENDPOINT_URL_SSO: `http://portal.example.com/?sig=${CANARY}` },
      }),
    );
    capture(() => {
      throw new SsokitError('X', `could not reach https://u:${CANARY}@h/x?t=${CANARY}`);
    });
    expect(messages).toHaveLength(21);
    for (const m of messages) expect(m).not.toContain(CANARY);
    expect(messages.join('\n')).toContain('(redacted)');
  });
});

describe('withRedactedInspect', () => {
  it('redacts secrets in inspect() only: JSON, spreads and keys see the real object', () => {
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    const token = withRedactedInspect({ accessToken: CANARY, clientId: 'public', expiresAt });
    expect(withRedactedInspect(token)).toBe(token);
    expect(inspect(token)).not.toContain(CANARY);
    expect(inspect(token)).toContain("clientId: 'public'");
    expect(inspect(token)).toContain('2030-01-01T00:00:00.000Z');
    expect(JSON.stringify(token)).toContain(CANARY);
    expect(Object.keys(token)).toEqual(['accessToken', 'clientId', 'expiresAt']);
    const copy = { ...token };
    expect(inspect(copy)).toContain(CANARY); // a spread is plain data again, as documented
    expect(redactSecrets({ expiresAt }).expiresAt).toBe(expiresAt);
    const frozen = Object.freeze({ accessToken: CANARY });
    expect(withRedactedInspect(frozen)).toBe(frozen);
  });
});

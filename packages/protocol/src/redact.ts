/**
 * Members that hold secrets: OAuth tokens and codes (RFC 6749, RFC 7636, RFC 8628) and AWS
 * credentials. Their values never appear in logs, errors, `inspect()` output or debug traces.
 */
export const SECRET_MEMBERS: ReadonlySet<string> = new Set([
  'accessToken',
  'refreshToken',
  'clientSecret',
  'deviceCode',
  'code',
  'codeVerifier',
  'secretAccessKey',
  'sessionToken',
  'idToken',
  'assertion',
  'subjectToken',
  // console sign-in (federation): the credential JSON sent, the token it answers
  'signinSession',
  'signinToken',
  // the same secrets under the names they have on the wire, in headers and in AWS's files
  'x-amz-sso_bearer_token',
  'authorization',
  'x-amz-security-token',
  'SecretAccessKey',
  'SessionToken',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'device_code',
  'refresh_token',
  'access_token',
  'code_verifier',
  'client_secret',
  'Session',
  'SigninToken',
]);

const PREFIX_LENGTH = 4;

/**
 * Redacts one secret value, keeping at most a short prefix so a person can tell two apart.
 *
 * @example
 * ```ts
 * redactValue('aoaAAAAAGZ...long token'); // 'aoaA…(redacted)'
 * ```
 */
export function redactValue(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) return '(redacted)';
  // Short secrets get no prefix at all: a prefix of a short value is most of it.
  if (value.length < 16) return '(redacted)';
  return `${value.slice(0, PREFIX_LENGTH)}…(redacted)`;
}

/** Whether a member, header or field name holds a secret. */
export function isSecretMember(name: string): boolean {
  return SECRET_MEMBERS.has(name) || SECRET_MEMBERS.has(name.toLowerCase());
}

/**
 * Returns a deep copy of `value` with every secret member redacted. Safe to log.
 *
 * @example
 * ```ts
 * redactSecrets({ clientId: 'abc', clientSecret: 's3cr3t...' }); // { clientId: 'abc', clientSecret: '(redacted)' }
 * ```
 */
export function redactSecrets<T>(value: T): T {
  return redactInner(value, new WeakSet()) as T;
}

function redactInner(value: unknown, seen: WeakSet<object>): unknown {
  if (Array.isArray(value)) {
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    return value.map((v) => redactInner(v, seen));
  }
  // a Date holds no secret, and a copy of its (absent) own properties would print as `{}`
  if (value instanceof Date) return value;
  if (value !== null && typeof value === 'object') {
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretMember(k) && v !== undefined && v !== null ? redactValue(v) : redactInner(v, seen);
    }
    return out;
  }
  return value;
}

/**
 * Replaces every occurrence of the given secret strings inside `text`. Used on raw bodies and
 * messages that may echo a secret back.
 *
 * @example
 * ```ts
 * scrubText('bad token abcdefghijklmnop', ['abcdefghijklmnop']); // 'bad token abcd…(redacted)'
 * ```
 */
export function scrubText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join(redactValue(s));
  }
  return out;
}

const REDACTED = '(redacted)';
// scheme://… up to whitespace, a quote, a backtick or an angle bracket (how messages delimit URLs)
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/gi;
// sentence punctuation after a URL is not part of it
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;

/**
 * Redacts the parts of a URL that may carry a secret: the user name and password
 * (`https://(redacted)@host/`), every query value (`?a=(redacted)&b=(redacted)`) and the fragment.
 * Scheme, host, port, path and query names stay, so a person can still tell which endpoint it was.
 * Works on text that does not parse as a URL too, and never throws.
 *
 * @example
 * ```ts
 * redactUrl('https://user:pw@proxy.example.com:8443/start?token=abc#x');
 * // 'https://(redacted)@proxy.example.com:8443/start?token=(redacted)#(redacted)'
 * ```
 */
export function redactUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m) return url;
  const [, scheme, authority = '', rest = ''] = m;
  const at = authority.lastIndexOf('@');
  let out = scheme + (at >= 0 ? `${REDACTED}${authority.slice(at)}` : authority);
  const hash = rest.indexOf('#');
  const beforeHash = hash >= 0 ? rest.slice(0, hash) : rest;
  const question = beforeHash.indexOf('?');
  if (question < 0) {
    out += beforeHash;
  } else {
    const query = beforeHash
      .slice(question + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        if (eq >= 0) return `${pair.slice(0, eq)}=${REDACTED}`;
        return pair === '' ? pair : REDACTED;
      })
      .join('&');
    out += `${beforeHash.slice(0, question)}?${query}`;
  }
  if (hash >= 0) out += rest.length > hash + 1 ? `#${REDACTED}` : '#';
  return out;
}

/**
 * Applies {@link redactUrl} to every URL inside a message. Every ssokit error message passes
 * through it, so an endpoint override or start URL with a password or a token in its query never
 * reaches a terminal or a log.
 *
 * @example
 * ```ts
 * redactUrlsInText('could not reach http://me:pw@127.0.0.1:9/x?k=v.');
 * // 'could not reach http://(redacted)@127.0.0.1:9/x?k=(redacted).'
 * ```
 */
export function redactUrlsInText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (match) => {
    const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - tail.length)) + tail;
  });
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes `util.inspect()` (and so `console.log`, `console.error`, the REPL and test failure output)
 * show `value` with its secret members redacted, as {@link redactSecrets} does. The hook is a
 * non-enumerable property: `JSON.stringify`, spreads, `Object.keys` and property access still see
 * the real values (a program needs them), and a spread copy is a plain object without the hook.
 * Returns `value` itself; frozen objects are returned unchanged.
 *
 * @example
 * ```ts
 * const token = withRedactedInspect({ accessToken: 'aoaAAAAAGZ...', expiresAt: new Date() });
 * console.log(token);         // { accessToken: 'aoaA…(redacted)', expiresAt: 2030-... }
 * JSON.stringify(token);      // the real accessToken
 * ```
 */
export function withRedactedInspect<T extends object>(value: T): T {
  if (Object.isFrozen(value) || Object.hasOwn(value, INSPECT)) return value;
  Object.defineProperty(value, INSPECT, {
    value(this: T) {
      return redactSecrets({ ...this });
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return value;
}

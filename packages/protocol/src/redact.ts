/**
 * Members that hold secrets (shared/SPEC.md §8). Their values never appear in logs, errors,
 * `inspect()` output or debug traces.
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

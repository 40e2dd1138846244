import { isJsonObject, optionalNonEmpty, optionalTimestamp } from './json-fields.js';
import { pythonJsonDumps } from './python-json.js';
import { formatTimestamp } from './timestamps.js';

/**
 * A session to get a token for: an sso-session (name, start URL, region, scopes) or, when
 * `ssoSession` is absent, a legacy profile keyed by its start URL.
 */
export interface SsoSessionRef {
  /** The `[sso-session NAME]`; absent for a legacy profile. */
  ssoSession?: string | undefined;
  startUrl: string;
  region: string;
  /** `sso_registration_scopes`. */
  scopes?: readonly string[] | undefined;
}

/**
 * An SSO access token as AWS CLI v2 caches it in `~/.aws/sso/cache/KEY.json`.
 *
 * @example
 * ```ts
 * const token: SsoToken = { startUrl, region: 'eu-west-1', accessToken: 'aoa…', expiresAt: new Date(Date.now() + 3600e3) };
 * ```
 */
export interface SsoToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  /** The client registration that can refresh this token (sso-session profiles only). */
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  registrationExpiresAt?: Date | undefined;
  refreshToken?: string | undefined;
}

/** The keys AWS CLI v2 writes, in the order it writes them. @internal */
export const KNOWN_KEYS = [
  'startUrl',
  'region',
  'accessToken',
  'expiresAt',
  'clientId',
  'clientSecret',
  'registrationExpiresAt',
  'refreshToken',
] as const;

/** Optional string members before `registrationExpiresAt`, in AWS CLI v2's order. */
const OPTIONAL_STRINGS = ['startUrl', 'region', 'clientId', 'clientSecret'] as const;

// Only accessToken and expiresAt are required: they are all botocore and the SDK need to use a
// token. Optional members of the wrong type (or empty strings) are dropped rather than failing the
// whole file.
function readTokenFile(
  json: unknown,
):
  | { ok: true; token: Omit<SsoToken, 'startUrl' | 'region'> & { startUrl?: string; region?: string } }
  | { ok: false; invalid: string[] } {
  if (!isJsonObject(json)) return { ok: false, invalid: ['(root)'] };
  const accessToken = optionalNonEmpty(json['accessToken']);
  const expiresAt = optionalTimestamp(json['expiresAt']);
  if (accessToken === undefined || expiresAt === undefined) {
    const invalid = [];
    if (accessToken === undefined) invalid.push('accessToken');
    if (expiresAt === undefined) invalid.push('expiresAt');
    return { ok: false, invalid };
  }
  const token: Omit<SsoToken, 'startUrl' | 'region'> & { startUrl?: string; region?: string } = {
    accessToken,
    expiresAt,
  };
  for (const key of OPTIONAL_STRINGS) {
    const value = optionalNonEmpty(json[key]);
    if (value !== undefined) token[key] = value;
  }
  const registrationExpiresAt = optionalTimestamp(json['registrationExpiresAt']);
  if (registrationExpiresAt !== undefined) token.registrationExpiresAt = registrationExpiresAt;
  const refreshToken = optionalNonEmpty(json['refreshToken']);
  if (refreshToken !== undefined) token.refreshToken = refreshToken;
  return { ok: true, token };
}

/**
 * The outcome of reading a token file's text.
 *
 * @example
 * ```ts
 * const r: TokenFileParse = parseTokenFile('{"accessToken": "…"}');
 * if (!r.ok) console.warn(r.problem);
 * ```
 */
export type TokenFileParse =
  | {
      ok: true;
      token: Omit<SsoToken, 'startUrl' | 'region'> & { startUrl?: string; region?: string };
      extra: Record<string, unknown>;
    }
  | { ok: false; problem: string };

/**
 * Parses the text of a token file. Never throws: a file that is not a usable token yields
 * `{ ok: false, problem }`, where `problem` names what is wrong but never echoes file content.
 *
 * @example
 * ```ts
 * const r = parseTokenFile('{"accessToken":"x","expiresAt":"2030-01-01T00:00:00Z"}');
 * if (r.ok) console.log(r.token.expiresAt);
 * ```
 */
export function parseTokenFile(text: string): TokenFileParse {
  if (text.trim() === '') return { ok: false, problem: 'the file is empty' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the content, which may be a token: keep it out.
    return { ok: false, problem: 'the file is not valid JSON (truncated or corrupt)' };
  }
  const parsed = readTokenFile(json);
  if (!parsed.ok)
    return { ok: false, problem: `the file is not an SSO token (invalid: ${parsed.invalid.join(', ')})` };
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(k)) extra[k] = v;
  }
  const { token } = parsed;
  return { ok: true, token, extra };
}

/**
 * The JSON text AWS CLI v2 writes for a token: its key names and order, `expiresAt` as
 * `YYYY-MM-DDTHH:MM:SSZ`. `extra` keys (written by another tool) are kept after the known ones.
 *
 * @example
 * ```ts
 * serializeToken({ startUrl, region, accessToken, expiresAt: new Date() });
 * ```
 */
export function serializeToken(token: SsoToken, extra: Record<string, unknown> = {}): string {
  const out: Record<string, unknown> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: formatTimestamp(token.expiresAt),
  };
  if (token.clientId !== undefined) out['clientId'] = token.clientId;
  if (token.clientSecret !== undefined) out['clientSecret'] = token.clientSecret;
  if (token.registrationExpiresAt !== undefined)
    out['registrationExpiresAt'] = formatTimestamp(token.registrationExpiresAt);
  if (token.refreshToken !== undefined) out['refreshToken'] = token.refreshToken;
  for (const [k, v] of Object.entries(extra)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(k)) out[k] = v;
  }
  return pythonJsonDumps(out);
}

/**
 * Whether a token carries what a refresh needs (refresh token, client id and secret) and its
 * client registration has not expired.
 *
 * @example
 * ```ts
 * if (!canRefresh(token, Date.now())) console.log('sign in again when it expires');
 * ```
 */
export function canRefresh(token: SsoToken, now: number): boolean {
  if (!token.refreshToken || !token.clientId || !token.clientSecret) return false;
  if (token.registrationExpiresAt && token.registrationExpiresAt.getTime() <= now) return false;
  return true;
}

/** The secret strings of a token, for scrubbing text that might echo them. @internal */
export function tokenSecrets(token: Partial<SsoToken> | undefined): string[] {
  if (!token) return [];
  return [token.accessToken, token.refreshToken, token.clientSecret].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}

/**
 * The session token to cache, from what a sign-in flow of `@ssokit/oidc-client` returned (its
 * `OidcToken` and the client registration it used). Like AWS CLI v2, only an sso-session token
 * carries what a refresh needs (client id, secret, registration expiry, refresh token); a legacy
 * profile's token never refreshes. Spreading the flow's token (`{ ...token, startUrl, region }`)
 * instead drops the registration, and the session then never refreshes.
 *
 * @example
 * ```ts
 * const client = new SsoOidcClient({ region: session.region });
 * const onPrompt = (p: DeviceCodePrompt) => console.error(p.verificationUriComplete);
 * const { token, registration } = await deviceCodeFlow({ client, startUrl: session.startUrl, scopes: [...(session.scopes ?? [])], onPrompt });
 * await store.write(session, toSessionToken(session, token, registration));
 * ```
 */
export function toSessionToken(
  session: SsoSessionRef,
  token: { accessToken: string; expiresAt: Date; refreshToken?: string | undefined },
  registration: { clientId: string; clientSecret: string; expiresAt: Date },
): SsoToken {
  const out: SsoToken = {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
  };
  if (session.ssoSession) {
    out.clientId = registration.clientId;
    out.clientSecret = registration.clientSecret;
    out.registrationExpiresAt = registration.expiresAt;
    if (token.refreshToken) out.refreshToken = token.refreshToken;
  }
  return out;
}

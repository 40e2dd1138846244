import { createHash } from 'node:crypto';
import { pythonJsonDumps } from './python-json.js';

/**
 * What names a session: an sso-session name, or only a start URL for a legacy profile.
 */
export interface SessionKeyInput {
  /** The `[sso-session NAME]`; absent for a legacy profile. */
  ssoSession?: string | undefined;
  startUrl: string;
}

function sha1hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/**
 * The token file's base name (without `.json`): `sha1hex` of the sso-session name, or of the start
 * URL for a legacy profile. The same key botocore and AWS SDK v3 compute.
 *
 * @example
 * ```ts
 * tokenCacheKey({ ssoSession: 'work', startUrl: 'https://x.awsapps.com/start' }); // sha1('work')
 * ```
 */
export function tokenCacheKey(session: SessionKeyInput): string {
  return sha1hex(session.ssoSession ?? session.startUrl);
}

/**
 * What the AWS CLI keys a client registration on.
 */
export interface RegistrationKeyInput {
  region: string;
  startUrl: string;
  /** Registration scopes; `null`/absent when none were configured. */
  scopes?: readonly string[] | null | undefined;
  /** The sso-session name; `null`/absent for a legacy profile. */
  sessionName?: string | null | undefined;
}

/**
 * The text Python's `json.dumps(args, sort_keys=True)` produces for the CLI's registration key
 * arguments (default separators `", "` and `": "`).
 *
 * @example
 * ```ts
 * registrationCacheKeySource({ region: 'us-east-1', startUrl: 'https://x', scopes: null, sessionName: null });
 * // '{"region": "us-east-1", "scopes": null, "session_name": null, "startUrl": "https://x", "tool": "botocore"}'
 * ```
 */
export function registrationCacheKeySource(input: RegistrationKeyInput): string {
  // Keys in Python's sort order (code points): region < scopes < session_name < startUrl < tool.
  return pythonJsonDumps({
    region: input.region,
    scopes: input.scopes ?? null,
    session_name: input.sessionName ?? null,
    startUrl: input.startUrl,
    tool: 'botocore',
  });
}

/**
 * The client-registration file's base name as AWS CLI v2 computes it:
 * `sha1hex(json.dumps({"region", "scopes", "session_name", "startUrl", "tool": "botocore"}, sort_keys=True))`.
 *
 * @example
 * ```ts
 * registrationCacheKey({ region: 'us-east-1', startUrl: 'https://x.awsapps.com/start', sessionName: 'work', scopes: ['sso:account:access'] });
 * ```
 */
export function registrationCacheKey(input: RegistrationKeyInput): string {
  return sha1hex(registrationCacheKeySource(input));
}

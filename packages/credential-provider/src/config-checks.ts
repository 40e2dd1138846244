import { isSsokitError } from '@ssokit/protocol/core';
import type { ProfileConfigError, ProfileConfigProblem } from './errors.js';
import { andList, configValue } from './shared-config.js';

/** Builds a {@link ProfileConfigError} for the resolution at hand (it knows the file and profile). */
export type Fail = (
  problem: ProfileConfigProblem,
  message: string,
  extra?: { section?: string; keys?: string[]; tryNextLink?: boolean; cause?: unknown },
) => ProfileConfigError;

/** Turns a protocol `ValidationError` about a config value into a {@link ProfileConfigError}. */
export function invalidValue(
  fail: Fail,
  cause: unknown,
  section: string,
  key: string,
  subject: string,
): unknown {
  if (!isSsokitError(cause)) return cause;
  const reason = cause.message.replace(/ Check .*$/, '').replace(/\.$/, '');
  return fail('invalid-value', `${subject}: ${reason} (set in [${section}]).`, {
    section,
    keys: [key],
    cause,
  });
}

/** The start URL and region of an `[sso-session]` section; throws naming whichever is missing. */
export function requireSessionKeys(
  session: Readonly<Record<string, string | undefined>>,
  section: string,
  file: string,
  fail: Fail,
): { startUrl: string; region: string } {
  const startUrl = configValue(session, 'sso_start_url');
  const region = configValue(session, 'sso_region');
  if (startUrl === undefined || region === undefined) {
    const missing = [
      ...(startUrl === undefined ? ['sso_start_url'] : []),
      ...(region === undefined ? ['sso_region'] : []),
    ];
    throw fail('missing-key', `[${section}] in ${file} is missing ${andList(missing)}.`, {
      section,
      keys: missing,
    });
  }
  return { startUrl, region };
}

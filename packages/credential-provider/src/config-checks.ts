import { closestMatch, isValidationError, quotedList } from '@ssokit/protocol/core';
import { ProfileConfigError, type ProfileConfigProblem } from './errors.js';
import { andList, configValue } from './shared-config.js';

/** Builds a {@link ProfileConfigError} for the resolution at hand (it knows the file and profile). */
export type Fail = (
  problem: ProfileConfigProblem,
  message: string,
  extra?: { section?: string; keys?: string[]; tryNextLink?: boolean; cause?: unknown },
) => ProfileConfigError;

/**
 * The {@link Fail} of one resolution: errors about `profile` in `file`, in `defaultSection` unless
 * a failure names another.
 */
export function failFor(profile: string, file: string, defaultSection: string): Fail {
  return (problem, message, extra = {}) =>
    new ProfileConfigError(
      message,
      {
        problem,
        profile,
        file,
        section: extra.section ?? defaultSection,
        keys: extra.keys,
        tryNextLink: extra.tryNextLink,
      },
      extra.cause === undefined ? {} : { cause: extra.cause },
    );
}

/**
 * Turns a protocol `ValidationError` about a config value into a {@link ProfileConfigError}, worded
 * from its `detail` (what is wrong) with this file's section in place of protocol's advice.
 */
export function invalidValue(
  fail: Fail,
  cause: unknown,
  section: string,
  key: string,
  subject: string,
): unknown {
  if (!isValidationError(cause)) return cause;
  return fail('invalid-value', `${subject}: ${cause.detail} (set in [${section}]).`, {
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
    throw fail(
      'missing-key',
      `[${section}] in ${file} is missing ${andList(missing)}.${misspelledKeys(session, missing)}`,
      {
        section,
        keys: missing,
      },
    );
  }
  return { startUrl, region };
}

/**
 * The tail of a message about missing keys: which keys of `section` look like typos of them
 * (`sso_sesion` for `sso_session`), else `''`. The AWS loaders ignore a misspelled key without a word,
 * so the only sign a person gets is a key that seems to be there and is "missing".
 */
export function misspelledKeys(
  section: Readonly<Record<string, string | undefined>>,
  wanted: readonly string[],
): string {
  const typos = Object.keys(section).flatMap((key) => {
    if (wanted.includes(key)) return [];
    const meant = closestMatch(key, wanted, { maxDistance: 2 });
    return meant === undefined ? [] : [`${key} (did you mean ${meant}?)`];
  });
  return typos.length === 0 ? '' : ` It sets ${andList(typos)}.`;
}

/**
 * The names of a not-found message: at most 20 (a config written by `ssokit populate` can hold
 * thousands), then the one nearest to `name` when it looks like a typo of it.
 */
export function namesThere(name: string, names: readonly string[]): string {
  const near = closestMatch(name, names);
  return `${quotedList(names)}.${near === undefined ? '' : ` Did you mean "${near}"?`}`;
}

// What the not-found and missing-key messages tell a person: a capped list of what there is, the
// nearest name when the one given looks like a typo, and the keys that look like typos of missing ones.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@ssokit/protocol/core';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { type Fail, invalidValue } from './config-checks.js';
import { ProfileConfigError } from './errors.js';
import { resolveSsoProfile } from './resolve-sso-profile.js';
import { resolveSsoSession } from './resolve-sso-session.js';

const tempDir = useTempDirs();
const START = 'https://my-org.awsapps.com/start';

async function home(text: string) {
  const dir = await tempDir();
  await mkdir(join(dir, '.aws'));
  await writeFile(join(dir, '.aws', 'config'), text);
  return { HOME: dir } as Record<string, string | undefined>;
}

async function message(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => {
      throw new Error('expected a ProfileConfigError');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProfileConfigError);
  return (e as ProfileConfigError).message;
}

const session = (name: string) => `[sso-session ${name}]\nsso_start_url = ${START}\nsso_region = eu-west-1\n`;
const profile = (name: string) =>
  `[profile ${name}]\nsso_session = work\nsso_account_id = 111122223333\nsso_role_name = Dev\n`;

describe('an unknown name', () => {
  it('of a profile, among thousands: 20 listed, the nearest suggested', async () => {
    const names = Array.from({ length: 3000 }, (_, i) => `acct${String(i).padStart(4, '0')}.ReadOnly`);
    const env = await home([session('work'), ...names.map(profile)].join('\n'));
    const m = await message(resolveSsoProfile({ profile: 'acct2999.ReadOnyl', env }));
    expect(m).toContain('and 2980 more');
    expect(m).not.toContain('acct0020.ReadOnly');
    expect(m).toContain('Did you mean "acct2999.ReadOnly"?');
    expect(m.length).toBeLessThan(1200);
  });

  it('of a profile far from every name suggests nothing', async () => {
    const env = await home([session('work'), profile('dev'), profile('prod')].join('\n'));
    const m = await message(resolveSsoProfile({ profile: 'staging-eu', env }));
    expect(m).toContain('"dev", "prod".');
    expect(m).not.toContain('Did you mean');
  });

  it('of an sso-session, asked for directly or through a profile', async () => {
    const env = await home([session('work'), session('personal'), profile('dev')].join('\n'));
    expect(await message(resolveSsoSession({ ssoSession: 'wrok', env }))).toContain('Did you mean "work"?');
    const env2 = await home(
      [
        session('work'),
        '[profile dev]\nsso_session = wokr\nsso_account_id = 111122223333\nsso_role_name = Dev\n',
      ].join('\n'),
    );
    expect(await message(resolveSsoProfile({ profile: 'dev', env: env2 }))).toContain('Did you mean "work"?');
  });
});

describe('a misspelled key', () => {
  it('that leaves a profile with no sso key is named with the key it looks like', async () => {
    const env = await home(
      `${session('work')}\n[profile dev]\nsso_sesion = work\nsso_acount_id = 111122223333\nregion = eu-west-1\n`,
    );
    const m = await message(resolveSsoProfile({ profile: 'dev', env }));
    expect(m).toContain('is not an SSO profile');
    expect(m).toContain('sso_sesion (did you mean sso_session?)');
    expect(m).toContain('sso_acount_id (did you mean sso_account_id?)');
    expect(m).not.toContain('region (did you mean');
  });

  it('of a profile or a session that misses a key is named with the key it looks like', async () => {
    const env = await home(
      `${session('work')}\n[profile dev]\nsso_session = work\nsso_account_id = 111122223333\nsso_rolename = Dev\n`,
    );
    expect(await message(resolveSsoProfile({ profile: 'dev', env }))).toContain(
      'sso_rolename (did you mean sso_role_name?)',
    );
    const env3 = await home(
      `${session('work')}\n[profile dev]\nsso_sesion = work\nsso_account_id = 111122223333\nsso_role_name = Dev\n`,
    );
    const m = await message(resolveSsoProfile({ profile: 'dev', env: env3 }));
    expect(m).toContain('is missing sso_start_url and sso_region');
    expect(m).toContain('sso_sesion (did you mean sso_session?)');
    const env2 = await home(`[sso-session work]\nsso_start_ur = ${START}\nsso_region = eu-west-1\n`);
    expect(await message(resolveSsoSession({ ssoSession: 'work', env: env2 }))).toContain(
      'sso_start_ur (did you mean sso_start_url?)',
    );
  });
});

describe('an invalid value', () => {
  it("is worded from the validation error's fields, not by parsing its message", async () => {
    const env = await home(session('work').replace('eu-west-1', 'eu_west_1') + profile('dev'));
    const m = await message(resolveSsoProfile({ profile: 'dev', env }));
    expect(m).toBe(
      `Profile "dev" in ${env['HOME']}/.aws/config: Region "eu_west_1" is not a valid AWS region (expected something like "us-east-1") (set in [sso-session work]).`,
    );
    // a message worded any other way still gives the same sentence: only `detail` is used
    const fail: Fail = (problem, text, extra) =>
      new ProfileConfigError(text, { problem, file: 'f' }, { cause: extra?.cause });
    const cause = new ValidationError('Wording that may change. Consult the manual.', {
      detail: 'sso_region "x" is bad',
    });
    const e = invalidValue(fail, cause, 'sso-session work', 'sso_region', 'Subject') as ProfileConfigError;
    expect(e.message).toBe('Subject: sso_region "x" is bad (set in [sso-session work]).');
    expect(e.cause).toBe(cause);
    const other = new Error('not a validation error');
    expect(invalidValue(fail, other, 's', 'k', 'S')).toBe(other);
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSsokitError, resolveEndpoint } from '@ssokit/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { ProfileConfigError } from './errors.js';
import { listProfiles, listSsoSessions } from './list-profiles.js';
import { resolveSsoProfile } from './resolve-sso-profile.js';
import { resolveSsoSession } from './resolve-sso-session.js';
import { configFilePath } from './shared-config.js';

const tempDir = useTempDirs();

const START = 'https://my-org.awsapps.com/start';

/** A home directory with `~/.aws/config` holding `text`; env points HOME at it. */
async function home(text: string) {
  const dir = await tempDir();
  await mkdir(join(dir, '.aws'));
  const file = join(dir, '.aws', 'config');
  await writeFile(file, text);
  return { dir, file, env: { HOME: dir } as Record<string, string | undefined> };
}

async function failure(p: Promise<unknown>): Promise<ProfileConfigError> {
  const e = await p.then(
    () => {
      throw new Error('expected a ProfileConfigError');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ProfileConfigError);
  expect((e as ProfileConfigError).code).toBe('ERR_SSOKIT_PROFILE_CONFIG');
  return e as ProfileConfigError;
}

const SESSION_CONFIG = `
# a comment
[default]
region = eu-west-1

[profile dev]
sso_session = work
sso_account_id = 111122223333
sso_role_name = Developer
region = eu-west-1

[profile legacy]
sso_start_url = ${START}
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = ReadOnly

[sso-session work]
sso_start_url = ${START}
sso_region = eu-west-1
sso_registration_scopes = sso:account:access, codewhisperer:completions
`;

describe('resolveSsoProfile', () => {
  it('resolves an sso-session profile, merging the session section', async () => {
    const h = await home(SESSION_CONFIG);
    const p = await resolveSsoProfile({ profile: 'dev', env: h.env });
    expect(p).toMatchObject({
      profileName: 'dev',
      kind: 'sso-session',
      ssoSession: 'work',
      startUrl: START,
      region: 'eu-west-1',
      accountId: '111122223333',
      roleName: 'Developer',
      scopes: ['sso:account:access', 'codewhisperer:completions'],
      refreshable: true,
      configFile: h.file,
    });
  });

  it('resolves a legacy profile as not refreshable, without a session or scopes', async () => {
    const h = await home(SESSION_CONFIG);
    const p = await resolveSsoProfile({ profile: 'legacy', env: h.env });
    expect(p.kind).toBe('legacy');
    expect(p.refreshable).toBe(false);
    expect(p.ssoSession).toBeUndefined();
    expect(p.scopes).toBeUndefined();
    expect(p).toMatchObject({
      startUrl: START,
      region: 'us-east-1',
      accountId: '444455556666',
      roleName: 'ReadOnly',
    });
  });

  it('picks the profile from the option, then AWS_PROFILE, then default', async () => {
    const h = await home(
      `${SESSION_CONFIG}\n[profile default]\nsso_session = work\nsso_account_id = 999988887777\nsso_role_name = D\n`,
    );
    expect((await resolveSsoProfile({ env: { ...h.env, AWS_PROFILE: 'legacy' } })).profileName).toBe(
      'legacy',
    );
    expect(
      (await resolveSsoProfile({ profile: 'dev', env: { ...h.env, AWS_PROFILE: 'legacy' } })).profileName,
    ).toBe('dev');
    const d = await resolveSsoProfile({ env: h.env });
    expect(d.profileName).toBe('default');
    expect(d.accountId).toBe('999988887777');
  });

  it('reads AWS_CONFIG_FILE instead of ~/.aws/config, also with a ~/ prefix', async () => {
    const h = await home('[profile other]\nregion = us-east-1\n');
    await writeFile(join(h.dir, 'alt-config'), SESSION_CONFIG);
    const p = await resolveSsoProfile({
      profile: 'dev',
      env: { ...h.env, AWS_CONFIG_FILE: join(h.dir, 'alt-config') },
    });
    expect(p.configFile).toBe(join(h.dir, 'alt-config'));
    const q = await resolveSsoProfile({ profile: 'dev', env: { ...h.env, AWS_CONFIG_FILE: '~/alt-config' } });
    expect(q.roleName).toBe('Developer');
    // the explicit option wins over the environment
    expect(configFilePath({ configFile: '/x/config', env: { AWS_CONFIG_FILE: '/y' } })).toBe('/x/config');
  });

  it('uses the injected home directory', async () => {
    const h = await home(SESSION_CONFIG);
    const p = await resolveSsoProfile({ profile: 'dev', homeDir: h.dir, env: { HOME: '/nonexistent' } });
    expect(p.configFile).toBe(h.file);
  });

  it('accepts what the SDK loader accepts: comments, odd spacing, quoted names, CRLF, tabs', async () => {
    const h = await home(
      [
        '; leading comment',
        '[profile "spaced"]   # trailing comment',
        '  sso_session=work   ; inline comment',
        'sso_account_id\t=\t111122223333',
        'sso_role_name =Admin',
        '[sso-session work]',
        `sso_start_url =   ${START}`,
        'sso_region= eu-west-1',
      ].join('\r\n'),
    );
    const p = await resolveSsoProfile({ profile: 'spaced', env: h.env });
    expect(p).toMatchObject({
      ssoSession: 'work',
      accountId: '111122223333',
      roleName: 'Admin',
      region: 'eu-west-1',
    });
  });

  it('says which key is missing, in which file and section', async () => {
    const h = await home(SESSION_CONFIG.replace('sso_role_name = Developer\n', ''));
    const e = await failure(resolveSsoProfile({ profile: 'dev', env: h.env }));
    expect(e.message).toBe(`Profile "dev" in ${h.file} is missing sso_role_name.`);
    expect(e).toMatchObject({
      problem: 'missing-key',
      keys: ['sso_role_name'],
      section: 'profile dev',
      file: h.file,
    });
    expect(e.tryNextLink).toBe(false);
  });

  it('lists every missing key of a legacy profile', async () => {
    const h = await home('[profile old]\nsso_start_url = https://x.awsapps.com/start\n');
    const e = await failure(resolveSsoProfile({ profile: 'old', env: h.env }));
    expect(e.keys).toEqual(['sso_region', 'sso_account_id', 'sso_role_name']);
    expect(e.message).toContain('is missing sso_region, sso_account_id and sso_role_name');
  });

  it('names the session section when it lacks its start URL or region', async () => {
    const h = await home(
      '[profile dev]\nsso_session = work\nsso_account_id = 111122223333\nsso_role_name = A\n[sso-session work]\nsso_region = eu-west-1\n',
    );
    const e = await failure(resolveSsoProfile({ profile: 'dev', env: h.env }));
    expect(e.message).toBe(`[sso-session work] in ${h.file} is missing sso_start_url.`);
    expect(e.section).toBe('sso-session work');
  });

  it('rejects a profile and session that disagree on region or start URL', async () => {
    const h = await home(
      SESSION_CONFIG.replace('sso_session = work', 'sso_session = work\nsso_region = us-east-1'),
    );
    const e = await failure(resolveSsoProfile({ profile: 'dev', env: h.env }));
    expect(e.message).toBe(
      `Profile "dev" in ${h.file} sets sso_region = us-east-1 but [sso-session work] sets eu-west-1; make them match or remove the profile's value.`,
    );
    expect(e.problem).toBe('inconsistent');
    const h2 = await home(
      SESSION_CONFIG.replace(
        'sso_session = work',
        'sso_session = work\nsso_start_url = https://other.awsapps.com/start',
      ),
    );
    expect((await failure(resolveSsoProfile({ profile: 'dev', env: h2.env }))).keys).toEqual([
      'sso_start_url',
    ]);
  });

  it('accepts a profile that repeats the session values exactly', async () => {
    const h = await home(
      SESSION_CONFIG.replace(
        'sso_session = work',
        `sso_session = work\nsso_region = eu-west-1\nsso_start_url = ${START}`,
      ),
    );
    expect((await resolveSsoProfile({ profile: 'dev', env: h.env })).region).toBe('eu-west-1');
  });

  it('reports a session that does not exist, listing the ones that do', async () => {
    const h = await home(SESSION_CONFIG.replace('sso_session = work', 'sso_session = play'));
    const e = await failure(resolveSsoProfile({ profile: 'dev', env: h.env }));
    expect(e.problem).toBe('session-not-found');
    expect(e.message).toContain('no [sso-session play] section');
    expect(e.message).toContain('"work"');
  });

  it('lists existing profiles when the profile is unknown, and does not let a chain fall through', async () => {
    const h = await home(SESSION_CONFIG);
    const e = await failure(resolveSsoProfile({ profile: 'nope', env: h.env }));
    expect(e.problem).toBe('profile-not-found');
    expect(e.message).toBe(
      `Profile "nope" was not found in ${h.file}. Profiles there: "default", "dev", "legacy".`,
    );
    expect(e.tryNextLink).toBe(false);
    // inherited object properties are not profiles
    expect((await failure(resolveSsoProfile({ profile: 'constructor', env: h.env }))).problem).toBe(
      'profile-not-found',
    );
    expect((await failure(resolveSsoProfile({ profile: 'sso-session.work', env: h.env }))).problem).toBe(
      'profile-not-found',
    );
  });

  it('lets a chain fall through for a non-SSO profile, and for an absent implicit default', async () => {
    const h = await home(SESSION_CONFIG);
    const e = await failure(resolveSsoProfile({ env: h.env }));
    expect(e.problem).toBe('not-sso');
    expect(e.message).toContain(`Profile "default" in ${h.file} is not an SSO profile`);
    expect(e.tryNextLink).toBe(true);
    const empty = await tempDir();
    const m = await failure(resolveSsoProfile({ env: { HOME: empty } }));
    expect(m.message).toContain('does not exist');
    expect(m.tryNextLink).toBe(true);
    const named = await failure(resolveSsoProfile({ env: { HOME: empty, AWS_PROFILE: 'default' } }));
    expect(named.tryNextLink).toBe(false);
  });

  it('validates region, start URL and account id, naming the section they came from', async () => {
    const bad = await home(SESSION_CONFIG.replace('sso_region = eu-west-1', 'sso_region = eu_west_1'));
    const e = await failure(resolveSsoProfile({ profile: 'dev', env: bad.env }));
    expect(e.problem).toBe('invalid-value');
    expect(e.section).toBe('sso-session work');
    expect(e.message).toContain('eu_west_1');
    expect(e.message).toContain('[sso-session work]');
    const url = await home(
      SESSION_CONFIG.replace(
        `sso_start_url = ${START}\nsso_region = us-east-1`,
        'sso_start_url = http://evil.example/start\nsso_region = us-east-1',
      ),
    );
    const u = await failure(resolveSsoProfile({ profile: 'legacy', env: url.env }));
    expect(u.keys).toEqual(['sso_start_url']);
    expect(u.section).toBe('profile legacy');
    const acct = await home(SESSION_CONFIG.replace('111122223333', '1111-2222-3333'));
    expect((await failure(resolveSsoProfile({ profile: 'dev', env: acct.env }))).keys).toEqual([
      'sso_account_id',
    ]);
  });

  it('reports an unreadable config file', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'config-is-a-dir'));
    const e = await failure(
      resolveSsoProfile({ profile: 'dev', configFile: join(dir, 'config-is-a-dir'), env: {} }),
    );
    expect(e.problem).toBe('unreadable');
    expect(e.message).toContain('EISDIR');
  });

  it('passes [services] endpoint_url and the profile endpoint_url on to resolveEndpoint', async () => {
    const h = await home(
      `${SESSION_CONFIG.replace('sso_session = work', 'sso_session = work\nservices = local')}\n[services local]\nsso =\n  endpoint_url = http://127.0.0.1:4001\nsso_oidc =\n  endpoint_url = http://127.0.0.1:4002\n`,
    );
    const p = await resolveSsoProfile({ profile: 'dev', env: h.env });
    expect(resolveEndpoint({ service: 'sso', region: p.region, ...p.endpointOverrides })).toBe(
      'http://127.0.0.1:4001',
    );
    expect(resolveEndpoint({ service: 'sso-oidc', region: p.region, ...p.endpointOverrides })).toBe(
      'http://127.0.0.1:4002',
    );
    // the environment still wins over the config
    const env = { ...h.env, AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:5000' };
    const q = await resolveSsoProfile({ profile: 'dev', env });
    expect(resolveEndpoint({ service: 'sso', region: q.region, ...q.endpointOverrides })).toBe(
      'http://127.0.0.1:5000',
    );
    // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns every configured override off
    const r = await resolveSsoProfile({
      profile: 'dev',
      env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
    });
    expect(resolveEndpoint({ service: 'sso', region: r.region, ...r.endpointOverrides })).toBe(
      'https://portal.sso.eu-west-1.amazonaws.com',
    );

    const h2 = await home(
      SESSION_CONFIG.replace(
        'sso_session = work',
        'sso_session = work\nendpoint_url = http://127.0.0.1:4003',
      ),
    );
    const p2 = await resolveSsoProfile({ profile: 'dev', env: h2.env });
    expect(resolveEndpoint({ service: 'sso', region: p2.region, ...p2.endpointOverrides })).toBe(
      'http://127.0.0.1:4003',
    );
  });

  it('reports a services name without a section', async () => {
    const h = await home(SESSION_CONFIG.replace('sso_session = work', 'sso_session = work\nservices = gone'));
    const e = await failure(resolveSsoProfile({ profile: 'dev', env: h.env }));
    expect(e.problem).toBe('services-not-found');
    expect(e.keys).toEqual(['services']);
  });

  it('sees edits between two calls (the SDK loader cache is bypassed)', async () => {
    const h = await home(SESSION_CONFIG);
    expect((await resolveSsoProfile({ profile: 'dev', env: h.env })).roleName).toBe('Developer');
    await writeFile(h.file, SESSION_CONFIG.replace('Developer', 'Admin'));
    expect((await resolveSsoProfile({ profile: 'dev', env: h.env })).roleName).toBe('Admin');
  });

  it('never throws anything but a typed error on fuzzed config files', async () => {
    const h = await home('');
    const keys = fc.constantFrom(
      'sso_session',
      'sso_start_url',
      'sso_region',
      'sso_account_id',
      'sso_role_name',
      'sso_registration_scopes',
      'services',
      'endpoint_url',
      'sso',
      'region',
    );
    const values = fc.oneof(
      fc.constantFrom('work', START, 'eu-west-1', '111122223333', 'Admin', 'local', '', 'http://127.0.0.1:1'),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    const names = fc.oneof(
      fc.constantFrom('dev', 'default', 'work', 'local', '__proto__', 'constructor'),
      fc.string({ maxLength: 10 }),
    );
    const line = fc.oneof(
      fc
        .tuple(fc.constantFrom('profile ', 'sso-session ', 'services ', ''), names)
        .map(([p, n]) => `[${p}${n}]`),
      fc
        .tuple(keys, values, fc.constantFrom(' = ', '=', '\t=  ', ' =\n  '))
        .map(([k, v, eq]) => `${k}${eq}${v}`),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('# comment', '; comment', '', '   ', '[', ']', '=', 'sso =', '  endpoint_url = x'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 25 }), names, async (lines, profile) => {
        await writeFile(h.file, lines.join(fc.sample(fc.constantFrom('\n', '\r\n'), 1)[0]));
        try {
          const p = await resolveSsoProfile({ profile, env: h.env });
          expect(typeof p.startUrl).toBe('string');
        } catch (e) {
          if (!isSsokitError(e)) throw e;
        }
        try {
          await resolveSsoSession({ ssoSession: profile, env: h.env });
        } catch (e) {
          if (!isSsokitError(e)) throw e;
        }
        await listProfiles({ env: h.env });
        await listSsoSessions({ env: h.env });
      }),
      { numRuns: 300 },
    );
  });
});

describe('listProfiles and listSsoSessions', () => {
  it('list every profile with its kind, and every sso-session with its scopes', async () => {
    const h = await home(SESSION_CONFIG);
    expect(await listProfiles({ env: h.env })).toEqual([
      { name: 'default', kind: 'other' },
      {
        name: 'dev',
        kind: 'sso-session',
        ssoSession: 'work',
        accountId: '111122223333',
        roleName: 'Developer',
      },
      {
        name: 'legacy',
        kind: 'legacy',
        startUrl: START,
        region: 'us-east-1',
        accountId: '444455556666',
        roleName: 'ReadOnly',
      },
    ]);
    expect(await listSsoSessions({ env: h.env })).toEqual([
      {
        name: 'work',
        startUrl: START,
        region: 'eu-west-1',
        scopes: ['sso:account:access', 'codewhisperer:completions'],
      },
    ]);
  });

  it('give empty lists when there is no config file', async () => {
    const dir = await tempDir();
    expect(await listProfiles({ env: { HOME: dir } })).toEqual([]);
    expect(await listSsoSessions({ env: { HOME: dir } })).toEqual([]);
  });
});

describe('resolveSsoSession', () => {
  it('reads one sso-session section on its own', async () => {
    const h = await home(SESSION_CONFIG);
    expect(await resolveSsoSession({ ssoSession: 'work', env: h.env })).toEqual({
      ssoSession: 'work',
      startUrl: START,
      region: 'eu-west-1',
      scopes: ['sso:account:access', 'codewhisperer:completions'],
      configFile: h.file,
    });
  });

  it('names the missing section, the missing key and the bad value', async () => {
    const h = await home(SESSION_CONFIG);
    const e = await failure(resolveSsoSession({ ssoSession: 'play', env: h.env }));
    expect(e).toMatchObject({
      problem: 'session-not-found',
      section: 'sso-session play',
      profile: undefined,
    });
    expect(e.message).toBe(`There is no [sso-session play] in ${h.file}. Sessions there: "work".`);
    const m = await home('[sso-session work]\nsso_region = eu-west-1\n');
    expect((await failure(resolveSsoSession({ ssoSession: 'work', env: m.env }))).message).toBe(
      `[sso-session work] in ${m.file} is missing sso_start_url.`,
    );
    const b = await home(`[sso-session work]\nsso_region = EU\nsso_start_url = ${START}\n`);
    const bad = await failure(resolveSsoSession({ ssoSession: 'work', env: b.env }));
    expect(bad).toMatchObject({ problem: 'invalid-value', keys: ['sso_region'] });
    expect(bad.message).toMatch(/^\[sso-session work\] in .*: Region "EU" is not a valid AWS region/);
    const none = await tempDir();
    expect((await failure(resolveSsoSession({ ssoSession: 'work', env: { HOME: none } }))).message).toContain(
      'does not exist',
    );
  });
});

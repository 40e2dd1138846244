import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isSsokitError } from '@ssokit/protocol';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { fromSso } from '../src/from-sso.js';
import { signIn, useEmulatorHome } from './helpers.js';

const sso = useEmulatorHome({ pollIntervalSeconds: 1 }, { homePer: 'file' });
let validConfig = '';

beforeAll(() => {
  const { emulator, assignment } = sso;
  validConfig = `[profile dev]\nsso_session = work\nsso_account_id = ${assignment.accountId}\nsso_role_name = ${assignment.roleName}\n\n[sso-session work]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`;
});

/** Runs fromSso once; the outcome must be credentials or an SsokitError with a code, never anything else. */
async function outcome(): Promise<'credentials' | string> {
  try {
    const c = await fromSso({
      profile: 'dev',
      env: sso.h.env,
      homeDir: sso.h.home,
      roleCredentialCache: false,
      portal: { retry: { maxAttempts: 1 } },
      authOptions: { lockWaitMs: 5_000 },
    })();
    expect(typeof c.accessKeyId).toBe('string');
    expect(typeof c.secretAccessKey).toBe('string');
    return 'credentials';
  } catch (e) {
    if (!isSsokitError(e)) throw new Error(`not an SsokitError: ${String(e)}`, { cause: e });
    // ssokit's own codes (ERR_SSOKIT_*) or, for an AWS service error, the AWS error name
    expect(e.code).toMatch(/^(ERR_SSOKIT_[A-Z_]+|[A-Z][A-Za-z]+Exception)$/);
    expect(e.message.length).toBeGreaterThan(0);
    return e.code;
  }
}

const NUM_RUNS = Number(process.env['SSOKIT_FUZZ_RUNS'] ?? 100);

function validTokenFile(): string {
  const t = sso.emulator.admin.issueAccessToken();
  return JSON.stringify({
    startUrl: sso.emulator.startUrl,
    region: sso.emulator.region,
    accessToken: t.accessToken,
    expiresAt: new Date(t.expiresAt).toISOString(),
  });
}

const timestamp = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}Z`),
  fc.date({ noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 19)}UTC`),
  fc.constant(new Date(Date.now() + 3_600_000).toISOString()),
  fc.constant(new Date(Date.now() + 120_000).toISOString()),
  fc.string(),
  fc.integer(),
  fc.constant(null),
);
const anyValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()));

const tokenFile = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record(
      {
        startUrl: fc.oneof(fc.constant('START_URL'), anyValue),
        region: fc.oneof(fc.constant('REGION'), anyValue),
        accessToken: fc.oneof(fc.constant('ACCESS_TOKEN'), fc.string({ minLength: 1 }), anyValue),
        expiresAt: timestamp,
        clientId: fc.oneof(fc.string(), anyValue),
        clientSecret: fc.oneof(fc.string(), anyValue),
        registrationExpiresAt: timestamp,
        refreshToken: fc.oneof(fc.string(), anyValue),
      },
      { requiredKeys: [] },
    )
    .chain((t) => {
      const text = JSON.stringify(t)
        .replace('"START_URL"', JSON.stringify(sso.emulator.startUrl))
        .replace('"REGION"', JSON.stringify(sso.emulator.region))
        .replace('"ACCESS_TOKEN"', JSON.stringify(sso.emulator.admin.issueAccessToken().accessToken));
      // whole, or cut anywhere (a torn write of a tool that does not write atomically)
      return fc.oneof(
        fc.constant(text),
        fc.nat(text.length).map((n) => text.slice(0, n)),
      );
    }),
);

it('fuzzed token cache files give credentials or a typed error', { timeout: 600 * NUM_RUNS }, async () => {
  await writeFile(sso.h.env['AWS_CONFIG_FILE']!, validConfig);
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(tokenFile, async (text) => {
      await mkdir(dirname(sso.h.tokenFile), { recursive: true });
      await writeFile(sso.h.tokenFile, text);
      const o = await outcome();
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }),
    // a valid file among them, so the credentials branch is always checked too
    { numRuns: NUM_RUNS, examples: [[validTokenFile()]] },
  );
  // the generator reaches past the parser: the portal or a refresh was asked at least once
  expect(sso.emulator.admin.counters()['GetRoleCredentials'] ?? 0).toBeGreaterThan(0);
  expect(seen.get('credentials') ?? 0).toBeGreaterThan(0);
  expect(seen.get('ERR_SSOKIT_LOGIN_REQUIRED') ?? 0).toBeGreaterThan(0);
});

// Keys of the shared config that matter to an SSO profile; endpoint keys stay out, so that no
// generated file can point a request away from the loopback sso.emulator.
const key = fc.constantFrom(
  'sso_session',
  'sso_account_id',
  'sso_role_name',
  'sso_start_url',
  'sso_region',
  'sso_registration_scopes',
  'region',
  'output',
);
const value = fc.oneof(
  fc.constantFrom(
    'work',
    'other',
    '',
    'us-east-1',
    'eu_west_1',
    'sso:account:access',
    'a, ,b',
    'https://example.awsapps.com/start',
    'http://not-loopback.example/start',
  ),
  fc.constant('EMULATOR_START_URL'),
  fc.constant('ACCOUNT'),
  fc.constant('ROLE'),
  fc.string(),
);
const section = fc.constantFrom(
  '[profile dev]',
  '[default]',
  '[sso-session work]',
  '[sso-session other]',
  '[profile dev',
  'dev]',
);
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k} = ${v}`) },
  { weight: 2, arbitrary: section },
  { weight: 1, arbitrary: fc.string() },
);
// Random files, and the valid file with a few lines replaced, dropped or added.
const configFile = fc
  .oneof(
    fc.array(line, { maxLength: 16 }),
    fc
      .array(fc.tuple(fc.nat(12), fc.option(line, { nil: undefined }), fc.boolean()), { maxLength: 3 })
      .map((edits) => {
        const lines = validConfig.split('\n');
        for (const [at, l, insert] of edits)
          lines.splice(at % lines.length, insert ? 0 : 1, ...(l === undefined ? [] : [l]));
        return lines;
      }),
  )
  .map((lines) =>
    lines
      .join('\n')
      .replaceAll('EMULATOR_START_URL', sso.emulator.startUrl)
      .replaceAll('ACCOUNT', sso.assignment.accountId)
      .replaceAll('ROLE', sso.assignment.roleName),
  )
  .filter((text) => !/endpoint|services/i.test(text));

it('fuzzed config files give credentials or a typed error', { timeout: 600 * NUM_RUNS }, async () => {
  // a valid session, so that a config that still works ends in credentials
  await rm(sso.h.tokenFile, { force: true });
  await signIn(sso.emulator, sso.h);
  const seen = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(configFile, async (text) => {
      await writeFile(sso.h.env['AWS_CONFIG_FILE']!, text);
      const o = await outcome();
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }),
    { numRuns: NUM_RUNS, examples: [[validConfig]] },
  );
  expect(seen.get('credentials') ?? 0).toBeGreaterThan(0);
  expect(seen.get('ERR_SSOKIT_PROFILE_CONFIG') ?? 0).toBeGreaterThan(0);
});

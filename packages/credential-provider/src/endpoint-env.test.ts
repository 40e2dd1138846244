// A resolved profile or target is a value people log and print: it must carry the endpoint
// variables of the environment and nothing else of it (the environment holds secrets).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { resolveEndpoint } from '@ssokit/protocol';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/helpers.js';
import { resolveSsoTarget } from './from-sso.js';
import { resolveSsoProfile } from './resolve-sso-profile.js';

const tempDir = useTempDirs();

const CANARY = 'canary-wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
const CONFIG = `
[profile dev]
sso_session = work
sso_account_id = 111122223333
sso_role_name = Developer

[profile legacy]
sso_start_url = https://my-org.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = ReadOnly

[sso-session work]
sso_start_url = https://my-org.awsapps.com/start
sso_region = eu-west-1
`;

async function canaryEnv(): Promise<Record<string, string>> {
  const dir = await tempDir();
  await mkdir(join(dir, '.aws'));
  await writeFile(join(dir, '.aws', 'config'), CONFIG);
  return {
    HOME: dir,
    AWS_SECRET_ACCESS_KEY: CANARY,
    AWS_SESSION_TOKEN: CANARY,
    GITHUB_TOKEN: CANARY,
    MY_APP_DB_PASSWORD: CANARY,
    AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:4566',
    AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:4567',
  };
}

function expectNoCanary(value: unknown) {
  expect(JSON.stringify(value)).not.toContain(CANARY);
  expect(inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(CANARY);
  expect(`${JSON.stringify({ ...(value as object) })}`).not.toContain(CANARY);
}

describe('endpoint overrides carry no copy of the environment', () => {
  it('resolveSsoProfile keeps only the AWS_ENDPOINT_URL* variables, and they still apply', async () => {
    const env = await canaryEnv();
    for (const profile of ['dev', 'legacy']) {
      const p = await resolveSsoProfile({ profile, env });
      expectNoCanary(p);
      expect(p.endpointOverrides.env).toEqual({
        AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:4566',
        AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:4567',
      });
      expect(resolveEndpoint({ service: 'sso', region: p.region, ...p.endpointOverrides })).toBe(
        'http://127.0.0.1:4566',
      );
    }
  });

  it('resolveSsoTarget does the same for a profile, a session and a direct start URL', async () => {
    const env = await canaryEnv();
    const targets = [
      await resolveSsoTarget({ profile: 'dev', env }),
      await resolveSsoTarget({ ssoSession: 'work', ssoAccountId: '111122223333', ssoRoleName: 'Dev', env }),
      await resolveSsoTarget({
        ssoStartUrl: 'https://my-org.awsapps.com/start',
        ssoRegion: 'eu-west-1',
        ssoAccountId: '111122223333',
        ssoRoleName: 'Dev',
        env: { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      }),
    ];
    for (const t of targets) {
      expectNoCanary(t);
      expect(resolveEndpoint({ service: 'sso-oidc', region: 'eu-west-1', ...t.endpointOverrides })).toBe(
        'http://127.0.0.1:4567',
      );
    }
    expect(Object.keys(targets[2]!.endpointOverrides.env ?? {}).sort()).toEqual([
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_SSO',
      'AWS_ENDPOINT_URL_SSO_OIDC',
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    ]);
  });
});

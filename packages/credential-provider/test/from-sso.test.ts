import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chain } from '@smithy/property-provider';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { homeEnv } from '@ssokit/test-support';
import { isLoginRequiredError, LoginRequiredError, SsoAuth } from '@ssokit/token-core';
import { isServiceError } from '@ssokit/transport';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromSso } from '../src/from-sso.js';

let emulator: RunningEmulator;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ pollIntervalSeconds: 1 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  emulator.admin.reset();
  home = await mkdtemp(join(tmpdir(), 'ssokit-fromsso-'));
  await writeFile(
    join(home, 'config'),
    `[profile dev]\nsso_session = work\nsso_account_id = ${ACCOUNT}\nsso_role_name = ${ROLE}\n\n` +
      `[profile plain]\naws_access_key_id = AKIAEXAMPLE\n\n` +
      `[sso-session work]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`,
  );
  env = homeEnv(home, emulator, join(home, 'config'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

// the default organisation's first user is assigned this role (see @ssokit/emulator's fixture)
let ACCOUNT = '';
let ROLE = '';
beforeAll(async () => {
  const token = emulator.admin.issueAccessToken();
  const accounts = (await (
    await fetch(`${emulator.url}/assignment/accounts`, {
      headers: { 'x-amz-sso_bearer_token': token.accessToken },
    })
  ).json()) as { accountList: Array<{ accountId: string }> };
  ACCOUNT = accounts.accountList[0]!.accountId;
  const roles = (await (
    await fetch(`${emulator.url}/assignment/roles?account_id=${ACCOUNT}`, {
      headers: { 'x-amz-sso_bearer_token': token.accessToken },
    })
  ).json()) as { roleList: Array<{ roleName: string }> };
  ROLE = roles.roleList[0]!.roleName;
});

async function signIn(): Promise<void> {
  const auth = new SsoAuth({ homeDir: home, env, oidc: { endpoint: emulator.url } });
  await auth.login(
    {
      ssoSession: 'work',
      startUrl: emulator.startUrl,
      region: emulator.region,
      scopes: ['sso:account:access'],
    },
    { flow: 'device-code', onDevicePrompt: (p) => emulator.admin.approve(p.userCode) },
  );
  await auth.close();
}

describe('fromSso', () => {
  it('gets role credentials for a profile and caches them where AWS CLI v2 does', async () => {
    await signIn();
    const creds = await fromSso({ profile: 'dev', env, homeDir: home })();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.accountId).toBe(ACCOUNT);
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now());
    expect((await readdir(join(home, '.aws', 'cli', 'cache'))).length).toBe(1);
    // a new provider (a new process, say) is served from the file: no second GetRoleCredentials
    const again = await fromSso({ profile: 'dev', env, homeDir: home })();
    expect(again.accessKeyId).toBe(creds.accessKeyId);
    expect(emulator.admin.counters()['GetRoleCredentials']).toBe(1);
  });

  it('shares one fetch among 1,000 concurrent calls', async () => {
    await signIn();
    const provider = fromSso({ profile: 'dev', env, homeDir: home, roleCredentialCache: false });
    const all = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(emulator.admin.counters()['GetRoleCredentials']).toBe(1);
  });

  it('fails without falling through a chain when not signed in, naming the command', async () => {
    let fellThrough = false;
    const fallback = async () => {
      fellThrough = true;
      return { accessKeyId: 'AKIAFALLBACK', secretAccessKey: 'x' };
    };
    await expect(chain(fromSso({ profile: 'dev', env, homeDir: home }), fallback)()).rejects.toThrow(
      /ssokit login --profile dev/,
    );
    expect(fellThrough).toBe(false);
  });

  it('lets a chain move on from a profile that is not an SSO profile', async () => {
    const fallback = async () => ({ accessKeyId: 'AKIAFALLBACK', secretAccessKey: 'x' });
    const creds = await chain(fromSso({ profile: 'plain', env, homeDir: home }), fallback)();
    expect(creds.accessKeyId).toBe('AKIAFALLBACK');
  });
});

describe('fromSso errors', () => {
  it('says which role is not assigned, and where it is configured', async () => {
    await writeFile(
      join(home, 'config'),
      `[profile wrong]\nsso_session = work\nsso_account_id = 999999999999\nsso_role_name = NoSuchRole\n\n` +
        `[sso-session work]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    await signIn();
    const err = (await fromSso({ profile: 'wrong', env, homeDir: home })().catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(err.code).toBe('ERR_SSOKIT_ROLE_NOT_ASSIGNED');
    expect(err.message).toContain('NoSuchRole in account 999999999999 (profile wrong)');
  });

  it('a session signed out at AWS (portal 401) is a LoginRequiredError with its reason and command', async () => {
    await signIn();
    const auth = new SsoAuth({ homeDir: home, env });
    const { accessToken } = await auth.getAccessToken({
      ssoSession: 'work',
      startUrl: emulator.startUrl,
      region: emulator.region,
    });
    await auth.close();
    const logout = await fetch(`${emulator.url}/logout`, {
      method: 'POST',
      headers: { 'x-amz-sso_bearer_token': accessToken },
    });
    expect(logout.status).toBe(200);
    const err = await fromSso({ profile: 'dev', env, homeDir: home })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginRequiredError);
    expect(isLoginRequiredError(err, 'ERR_SSOKIT_LOGIN_REQUIRED')).toBe(true);
    expect(err).toMatchObject({ reason: 'revoked', command: 'ssokit login --profile dev' });
    expect((err as Error).message).toContain('signed out or revoked at AWS');
    expect((err as Error).message).toContain(`role ${ROLE} in account ${ACCOUNT} is not assigned to you`);
    expect((err as Error).message).toMatch(/to sign in again\.$/);
  });

  it('a refresh token revoked at AWS (InvalidGrantException) is a LoginRequiredError with its reason and command', async () => {
    await signIn();
    emulator.admin.revokeRefreshTokens();
    const file = join(
      home,
      '.aws',
      'sso',
      'cache',
      `${createHash('sha1').update('work').digest('hex')}.json`,
    );
    const token = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...token, expiresAt: '2020-01-01T00:00:00Z' }));
    const err = await fromSso({ profile: 'dev', env, homeDir: home })().catch((e: unknown) => e);
    expect(isLoginRequiredError(err)).toBe(true);
    expect(err).toMatchObject({ reason: 'refresh-failed', command: 'ssokit login --profile dev' });
    expect(isServiceError((err as Error).cause, 'InvalidGrantException')).toBe(true);
  });
});

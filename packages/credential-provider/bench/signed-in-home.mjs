// The set-up both benchmarks share: the emulator, a temporary home with profile `dev` (an
// sso-session `work`, the emulator's first account and role) and a token signed in by device code.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@ssokit/emulator';
import { SsoAuth } from '@ssokit/token-core';

/** Returns the emulator, the home, the children's environment, the sign-in session, and `close()`. */
export async function signedInHome() {
  const emulator = await startEmulator({ pollIntervalSeconds: 1 });
  const home = await mkdtemp(join(tmpdir(), 'ssokit-bench-'));
  const close = async () => {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  };
  try {
    const token = emulator.admin.issueAccessToken();
    const headers = { 'x-amz-sso_bearer_token': token.accessToken };
    const { accountList } = await (await fetch(`${emulator.url}/assignment/accounts`, { headers })).json();
    const accountId = accountList[0].accountId;
    const { roleList } = await (
      await fetch(`${emulator.url}/assignment/roles?account_id=${accountId}`, { headers })
    ).json();
    await mkdir(join(home, '.aws'), { mode: 0o700 });
    const configFile = join(home, '.aws', 'config');
    await writeFile(
      configFile,
      `[profile dev]\nsso_session = work\nsso_account_id = ${accountId}\nsso_role_name = ${roleList[0].roleName}\nregion = ${emulator.region}\n\n` +
        `[sso-session work]\nsso_start_url = ${emulator.startUrl}\nsso_region = ${emulator.region}\nsso_registration_scopes = sso:account:access\n`,
    );
    const env = {
      HOME: home,
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    };
    const session = {
      ssoSession: 'work',
      startUrl: emulator.startUrl,
      region: emulator.region,
      scopes: ['sso:account:access'],
    };
    const auth = new SsoAuth({ homeDir: home, env, oidc: { endpoint: emulator.url } });
    await auth.login(session, {
      flow: 'device-code',
      onDevicePrompt: (p) => emulator.admin.approve(p.userCode),
    });
    await auth.close();
    return { emulator, home, env, session, close };
  } catch (e) {
    await close();
    throw e;
  }
}

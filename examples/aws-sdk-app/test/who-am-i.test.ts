import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromSso } from '@ssokit/credential-provider';
import { type RunningEmulator, startEmulator } from '@ssokit/emulator';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { whoAmI } from '../src/who-am-i.js';

const ACCOUNT = '111111111111'; // the emulator's built-in organisation: alice has ReadOnlyAccess here

let emulator: RunningEmulator;
let sts: Awaited<ReturnType<typeof startSts>>;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  // autoApprove plays the person who clicks "Allow" in the browser
  emulator = await startEmulator({ autoApprove: { user: 'alice' }, pollIntervalSeconds: 1 });
  sts = await startSts();
});
afterAll(async () => {
  await sts?.close();
  await emulator?.close();
});

beforeEach(async () => {
  // A temporary home with the ~/.aws/config a user would write; the real ~/.aws is never touched.
  home = await mkdtemp(join(tmpdir(), 'ssokit-example-'));
  await mkdir(join(home, '.aws'));
  await writeFile(
    join(home, '.aws', 'config'),
    [
      '[profile dev]',
      'sso_session = work',
      `sso_account_id = ${ACCOUNT}`,
      'sso_role_name = ReadOnlyAccess',
      '',
      '[sso-session work]',
      `sso_start_url = ${emulator.startUrl}`,
      `sso_region = ${emulator.region}`,
      'sso_registration_scopes = sso:account:access',
      '',
    ].join('\n'),
  );
  // The same variables that point the AWS CLI at another endpoint point ssokit at the emulator.
  env = { HOME: home, AWS_ENDPOINT_URL_SSO: emulator.url, AWS_ENDPOINT_URL_SSO_OIDC: emulator.url };
  emulator.admin.reset();
  sts.seen.length = 0;
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** A loopback STS that records each signed request and answers GetCallerIdentity. */
async function startSts() {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    req.resume().on('end', () => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          `<Arn>arn:aws:sts::${ACCOUNT}:assumed-role/ReadOnlyAccess/alice</Arn><UserId>AROAEXAMPLE:alice</UserId>` +
          `<Account>${ACCOUNT}</Account></GetCallerIdentityResult>` +
          '<ResponseMetadata><RequestId>3f0e2c1a-0000-4000-8000-000000000000</RequestId></ResponseMetadata>' +
          '</GetCallerIdentityResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

it('signs in on first use, then signs STS requests with the role credentials of the profile', async () => {
  const me = await whoAmI({
    profile: 'dev',
    homeDir: home,
    env,
    stsEndpoint: sts.url,
    login: { flow: 'device-code' }, // sign in when there is no session yet (a device code, approved above)
  });
  expect(me.account).toBe(ACCOUNT);

  // The request STS received was signed with credentials the emulator issued for that account and role.
  const creds = emulator.admin.requests().filter((r) => r.path === '/federation/credentials');
  expect(creds).toHaveLength(1);
  expect(creds[0]!.query).toMatchObject({ account_id: ACCOUNT, role_name: 'ReadOnlyAccess' });
  expect(sts.seen).toHaveLength(1);
  expect(sts.seen[0]!.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=ASIA[A-Z0-9]+\/\d{8}\/us-east-1\/sts\//,
  );
  expect(sts.seen[0]!['x-amz-security-token']).toBeTruthy();

  // The session and the role credentials went to the files AWS CLI v2 shares.
  expect(await readdir(join(home, '.aws', 'sso', 'cache'))).toContainEqual(expect.stringMatching(/\.json$/));
  expect(await readdir(join(home, '.aws', 'cli', 'cache'))).toHaveLength(1);

  // A second run (a new process, say) needs neither a sign-in nor the portal: both caches answer.
  const again = await whoAmI({ profile: 'dev', homeDir: home, env, stsEndpoint: sts.url });
  expect(again.account).toBe(ACCOUNT);
  expect(emulator.admin.counters()['GetRoleCredentials']).toBe(1);
  expect(emulator.admin.counters()['StartDeviceAuthorization']).toBe(1);
});

it('says which command to run when nobody has signed in and no login is allowed', async () => {
  const provider = fromSso({ profile: 'dev', homeDir: home, env });
  await expect(provider()).rejects.toMatchObject({
    code: 'ERR_SSOKIT_LOGIN_REQUIRED',
    message: expect.stringContaining('ssokit login'),
  });
  expect(emulator.admin.counters()['GetRoleCredentials'] ?? 0).toBe(0);
});

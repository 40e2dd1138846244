import { describe, expect, it } from 'vitest';
import { consoleTarget } from '../src/http/federation.js';
import type { RunningEmulator } from '../src/index.js';
import { emulatorsClosedAfterEach } from './helpers.js';

const start = emulatorsClosedAfterEach();

interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

async function roleCredentials(
  e: RunningEmulator,
  accountId = '111111111111',
  roleName = 'ReadOnlyAccess',
): Promise<RoleCredentials> {
  const { accessToken } = e.admin.issueAccessToken('alice');
  const res = await fetch(`${e.url}/federation/credentials?account_id=${accountId}&role_name=${roleName}`, {
    headers: { 'x-amz-sso_bearer_token': accessToken },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { roleCredentials: RoleCredentials }).roleCredentials;
}

const session = (c: RoleCredentials) =>
  encodeURIComponent(
    JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken }),
  );

async function signinToken(e: RunningEmulator, c: RoleCredentials): Promise<Response> {
  return fetch(`${e.url}/federation?Action=getSigninToken&Session=${session(c)}`);
}

const loginUrl = (e: RunningEmulator, token: string, destination: string) =>
  `${e.url}/federation?Action=login&Issuer=test&Destination=${encodeURIComponent(destination)}&SigninToken=${encodeURIComponent(token)}`;

describe('sign-in federation: getSigninToken', () => {
  it('exchanges role credentials the emulator issued for a SigninToken, and logs neither', async () => {
    const e = await start();
    const c = await roleCredentials(e);
    const res = await signinToken(e, c);
    expect(res.status).toBe(200);
    const { SigninToken } = (await res.json()) as { SigninToken: string };
    expect(SigninToken.length).toBeGreaterThan(40);
    const logged = JSON.stringify(e.admin.requests());
    expect(logged).not.toContain(c.secretAccessKey);
    expect(logged).not.toContain(encodeURIComponent(c.secretAccessKey));
    expect(logged).not.toContain(SigninToken);
  });

  it('refuses a wrong secret, a wrong session token, unknown and expired credentials with a 400 and no token', async () => {
    const e = await start({ roleCredentialsTtlSeconds: 3600 });
    const c = await roleCredentials(e);
    const cases: RoleCredentials[] = [
      { ...c, secretAccessKey: `${c.secretAccessKey.slice(0, -1)}x` },
      { ...c, sessionToken: 'not-the-token' },
      { ...c, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' },
    ];
    for (const bad of cases) {
      const res = await signinToken(e, bad);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/credentials are not valid/);
    }
    e.admin.advanceClock(3600_000);
    const expired = await signinToken(e, c);
    expect(expired.status).toBe(400);
    expect(await expired.text()).not.toContain('SigninToken');
  });

  it('answers malformed requests with a 400 saying what is wrong', async () => {
    const e = await start();
    const get = async (q: string) => {
      const r = await fetch(`${e.url}/federation?${q}`);
      return [r.status, await r.text()] as const;
    };
    expect(await get('Action=getSigninToken')).toEqual([400, expect.stringMatching(/Session is required/)]);
    expect(await get('Action=getSigninToken&Session=%7Bnope')).toEqual([400, 'Session is not valid JSON.']);
    expect(await get('Action=getSigninToken&Session=%7B%7D')).toEqual([
      400,
      expect.stringMatching(/sessionId, sessionKey and sessionToken/),
    ]);
    expect(await get('Action=whatever')).toEqual([400, 'Action must be getSigninToken or login.']);
  });
});

describe('sign-in federation: login and the console page', () => {
  async function tokenFor(e: RunningEmulator, accountId?: string, roleName?: string) {
    const c = await roleCredentials(e, accountId, roleName);
    return ((await (await signinToken(e, c)).json()) as { SigninToken: string }).SigninToken;
  }

  it('redirects to the emulated console, which shows the account, role and region', async () => {
    const e = await start();
    const token = await tokenFor(e, '222222222222', 'DeveloperAccess');
    const login = await fetch(loginUrl(e, token, `${e.url}/console/s3/home?region=eu-west-1`), {
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/console/s3/home?region=eu-west-1');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    const page = await fetch(`${e.url}/console/s3/home?region=eu-west-1`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<dd id="console-account">222222222222</dd>');
    expect(html).toContain('<dd id="console-role">DeveloperAccess</dd>');
    expect(html).toContain('<dd id="console-region">eu-west-1</dd>');
    expect(html).toContain('<dd id="console-user">alice</dd>');
  });

  it('maps a real AWS console destination onto its own console, never the internet', async () => {
    const e = await start();
    const token = await tokenFor(e);
    const login = await fetch(
      loginUrl(e, token, 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:'),
      { redirect: 'manual' },
    );
    expect(login.status).toBe(302);
    expect(login.headers.get('location')).toBe('/console/ec2/home?region=us-east-1');
  });

  it('refuses a tampered token, an expired one, and a destination elsewhere', async () => {
    const e = await start();
    const token = await tokenFor(e);
    const dest = `${e.url}/console/home`;
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        accountId: '333333333333',
      }),
    ).toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${token}x`, 'garbage']) {
      const res = await fetch(loginUrl(e, bad, dest), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toMatch(/sign-in token is not valid/);
    }
    const elsewhere = await fetch(loginUrl(e, token, 'https://evil.example/console/'), {
      redirect: 'manual',
    });
    expect(elsewhere.status).toBe(400);
    // still good within 15 minutes, refused after them
    e.admin.advanceClock(14 * 60_000);
    expect((await fetch(loginUrl(e, token, dest), { redirect: 'manual' })).status).toBe(302);
    e.admin.advanceClock(2 * 60_000);
    const late = await fetch(loginUrl(e, token, dest), { redirect: 'manual' });
    expect(late.status).toBe(400);
    expect(await late.text()).toMatch(/expired/);
  });

  it('escapes the names it shows, and asks for a sign-in without a session', async () => {
    const e = await start({
      fixture: {
        accounts: [
          {
            accountId: '123456789012',
            accountName: '<img src=x onerror=alert(1)>',
            emailAddress: 'a@example.com',
            roles: ['Admin'],
          },
        ],
        users: [{ userName: 'me', assignments: [{ accountId: '123456789012', roleNames: ['Admin'] }] }],
      },
    });
    const { accessToken } = e.admin.issueAccessToken('me');
    const creds = (
      (await (
        await fetch(`${e.url}/federation/credentials?account_id=123456789012&role_name=Admin`, {
          headers: { 'x-amz-sso_bearer_token': accessToken },
        })
      ).json()) as { roleCredentials: RoleCredentials }
    ).roleCredentials;
    const token = ((await (await signinToken(e, creds)).json()) as { SigninToken: string }).SigninToken;
    const login = await fetch(loginUrl(e, token, '/console/"><script>x</script>?region=<b>'), {
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const html = await (
      await fetch(new URL(login.headers.get('location')!, e.url), { headers: { cookie } })
    ).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>x');
    const anonymous = await fetch(`${e.url}/console/home`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toMatch(/not signed in/);
  });
});

describe('consoleTarget', () => {
  it("keeps its own /console paths, maps the three partitions' consoles, and refuses the rest", () => {
    const host = '127.0.0.1:4000';
    expect(consoleTarget('/console/iam/home', host)).toBe('/console/iam/home');
    expect(consoleTarget('http://127.0.0.1:4000/console', host)).toBe('/console');
    expect(consoleTarget('https://console.amazonaws.cn/s3/', host)).toBe('/console/s3/');
    expect(consoleTarget('https://console.amazonaws-us-gov.com/', host)).toBe('/console/');
    for (const bad of [
      '//evil.example/console/',
      '/\\evil.example/console/',
      'http://127.0.0.1:4001/console/',
      'http://127.0.0.1:4000/start',
      'http://console.aws.amazon.com/',
      'https://console.aws.amazon.com.evil.example/',
      'https://user:pw@console.aws.amazon.com/',
      'javascript:alert(1)',
    ])
      expect(consoleTarget(bad, host), bad).toBeUndefined();
  });
});

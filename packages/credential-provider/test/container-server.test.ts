import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { inspect } from 'node:util';
import { fromHttp } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';
import { isSsokitError, ValidationError } from '@ssokit/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ContainerCredentialsServer,
  isContainerServerError,
  startContainerCredentialsServer,
} from '../src/container-server.js';
import { fromSso } from '../src/from-sso.js';
import { makeSsoHome, pythonWithBotocore, runNodeFixture, runPython, useEmulatorHome } from './helpers.js';

let server: ContainerCredentialsServer | undefined;
const minutes = (n: number) => n * 60_000;
// one clock for this process's side: moved together with the emulator's
let now = Date.now();
const clock = { now: () => now };

// role credentials live 20 minutes, so moving 21 minutes on puts them past expiry
const sso = useEmulatorHome({ pollIntervalSeconds: 1, roleCredentialsTtlSeconds: 20 * 60 }, { signIn: true });
beforeEach(() => {
  now = Date.now();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = async (more: Partial<Parameters<typeof startContainerCredentialsServer>[0]> = {}) => {
  server = await startContainerCredentialsServer({
    credentials: fromSso({
      profile: 'dev',
      env: sso.h.env,
      homeDir: sso.h.home,
      clock,
      roleCredentialCache: false,
    }),
    clock,
    ...more,
  });
  return server;
};

/** A raw GET, so status, headers and body are seen as sent. */
function get(
  url: string,
  headers: Record<string, string> = {},
  options: { host?: string; path?: string } = {},
): Promise<{ status: number; body: Record<string, string> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: options.host ?? u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port,
        path: options.path ?? u.pathname,
        headers,
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const advance = (ms: number) => {
  now += ms;
  sso.emulator.admin.advanceClock(ms);
};
const fetched = () => sso.emulator.admin.counters()['GetRoleCredentials'] ?? 0;

describe('the AWS SDK v3 container providers', () => {
  it('fromHttp gets the role credentials, and new ones once the emulator clock is past their expiry', async () => {
    const s = await start();
    const sdk = () =>
      fromHttp({
        awsContainerCredentialsFullUri: s.url,
        awsContainerAuthorizationToken: s.authorizationToken,
      })();
    const first: AwsCredentialIdentity = await sdk();
    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(first.sessionToken).toBeTruthy();
    expect(first.expiration!.getTime()).toBeGreaterThan(now + minutes(19));
    const raw = await get(s.url, { authorization: s.authorizationToken });
    expect(Object.keys(raw.body).sort()).toEqual([
      'AccessKeyId',
      'AccountId',
      'Expiration',
      'SecretAccessKey',
      'Token',
    ]);
    expect(raw.body['AccountId']).toBe(sso.assignment.accountId);
    expect(raw.body['Expiration']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // served from memory while more than 15 minutes are left
    expect((await sdk()).accessKeyId).toBe(first.accessKeyId);
    expect(fetched()).toBe(1);
    advance(minutes(21));
    const second = await sdk();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.expiration!.getTime()).toBeGreaterThan(now + minutes(19));
    expect(fetched()).toBe(2);
  });

  it('asks again with 14 minutes left, never handing out credentials the SDKs would count as expiring', async () => {
    const s = await start();
    const first = await get(s.url, { authorization: s.authorizationToken });
    advance(minutes(4));
    expect((await get(s.url, { authorization: s.authorizationToken })).body['AccessKeyId']).toBe(
      first.body['AccessKeyId'],
    );
    advance(minutes(2));
    const later = await get(s.url, { authorization: s.authorizationToken });
    expect(later.body['AccessKeyId']).not.toBe(first.body['AccessKeyId']);
    expect(Date.parse(later.body['Expiration']!) - now).toBeGreaterThan(minutes(15));
  });

  it('fromContainerMetadata and fromHttp read it through the environment variables', async () => {
    const s = await start({
      credentials: fromSso({ profile: 'dev', env: sso.h.env, homeDir: sso.h.home }),
      clock: undefined,
    });
    for (const which of ['container', 'http']) {
      const r = await runNodeFixture('sdk-container.mjs', [which], s.env());
      expect(r.code, r.stderr).toBe(0);
      const c = JSON.parse(r.stdout) as { accessKeyId: string; expiration: string };
      expect(c.accessKeyId).toMatch(/^ASIA/);
      expect(Date.parse(c.expiration)).toBeGreaterThan(Date.now() + minutes(15));
    }
  });

  it('concurrent requests share one fetch', async () => {
    const s = await start();
    const all = await Promise.all(
      Array.from({ length: 8 }, () => get(s.url, { authorization: s.authorizationToken })),
    );
    expect(new Set(all.map((r) => r.body['AccessKeyId'])).size).toBe(1);
    expect(fetched()).toBe(1);
  });
});

describe.runIf(pythonWithBotocore())("botocore's ContainerProvider", () => {
  const script = `
import json
from botocore.credentials import ContainerProvider
creds = ContainerProvider().load()
f = creds.get_frozen_credentials()
print(json.dumps({"accessKeyId": f.access_key, "token": f.token, "expiry": creds._expiry_time.isoformat()}))
`;
  it('gets the role credentials, and new ones after the clock moves past their expiry', async () => {
    const s = await start();
    const one = await runPython(script, s.env());
    expect(one.code, one.stderr).toBe(0);
    const first = JSON.parse(one.stdout) as { accessKeyId: string; token: string; expiry: string };
    expect(first.accessKeyId).toMatch(/^ASIA/);
    expect(first.token.length).toBeGreaterThan(0);
    advance(minutes(21));
    const two = await runPython(script, s.env());
    expect(two.code, two.stderr).toBe(0);
    expect((JSON.parse(two.stdout) as { accessKeyId: string }).accessKeyId).not.toBe(first.accessKeyId);
  });

  it('is refused without the right token', async () => {
    const s = await start();
    const r = await runPython(script, { ...s.env(), AWS_CONTAINER_AUTHORIZATION_TOKEN: 'x'.repeat(43) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/CredentialRetrievalError|Error retrieving credentials/);
  });
});

describe('who may get credentials', () => {
  it('refuses a missing token (401) and a wrong one (403), without detail', async () => {
    const s = await start();
    const missing = await get(s.url);
    expect(missing.status).toBe(401);
    const wrong = await get(s.url, { authorization: `${s.authorizationToken.slice(0, -1)}x` });
    expect(wrong.status).toBe(403);
    const shorter = await get(s.url, { authorization: s.authorizationToken.slice(0, 10) });
    expect(shorter.status).toBe(403);
    for (const r of [missing, wrong, shorter]) {
      expect(Object.keys(r.body).sort()).toEqual(['Code', 'Message']);
      expect(JSON.stringify(r.body)).not.toContain(s.authorizationToken.slice(0, 8));
    }
    expect(fetched()).toBe(0);
    const sdk = fromHttp({
      awsContainerCredentialsFullUri: s.url,
      awsContainerAuthorizationToken: 'y'.repeat(43),
      maxRetries: 0,
    });
    await expect(sdk()).rejects.toThrow();
  });

  it('answers 404 on other paths and refuses a Host that is not its own (DNS rebinding)', async () => {
    const s = await start();
    const auth = { authorization: s.authorizationToken };
    expect((await get(s.url, auth, { path: '/latest/meta-data/' })).status).toBe(404);
    expect((await get(s.url, { ...auth, host: `evil.example:${s.port}` })).status).toBe(403);
    expect((await get(s.url, { ...auth, host: `localhost:${s.port}` })).status).toBe(200);
  });

  it('gives each server its own random token of at least 32 bytes, and keeps it out of inspect()', async () => {
    const a = await start();
    const b = await startContainerCredentialsServer({
      credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
    });
    try {
      expect(a.authorizationToken).not.toBe(b.authorizationToken);
      expect(Buffer.from(a.authorizationToken, 'base64url').length).toBeGreaterThanOrEqual(32);
      expect(inspect(a)).not.toContain(a.authorizationToken);
      expect(inspect(a)).toContain(a.url);
    } finally {
      await b.close();
    }
  });

  it('refuses to listen anywhere but loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      const e = await startContainerCredentialsServer({
        credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
        host,
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ValidationError);
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  it.runIf(external !== undefined)('is not reachable on a non-loopback address of this machine', async () => {
    const s = await start();
    const e = await get(s.url.replace('127.0.0.1', external!), { authorization: s.authorizationToken }).catch(
      (x: unknown) => x as NodeJS.ErrnoException,
    );
    expect((e as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
  if (external === undefined)
    console.log('skipping the non-loopback test: this machine has no external IPv4 address');

  it('a port in use is a ContainerServerError', async () => {
    const s = await start();
    const e = await start({ port: s.port }).catch((x: unknown) => x);
    expect(isContainerServerError(e)).toBe(true);
    expect(isSsokitError(e) && e.code).toBe('ERR_SSOKIT_CONTAINER_SERVER');
    server = s;
  });
});

describe('failures and shutdown', () => {
  it('answers 500 with what to do when the credentials cannot be had, and logs no secret', async () => {
    const warnings: unknown[] = [];
    await sso.h.cleanup();
    sso.h = await makeSsoHome(sso.emulator, sso.assignment); // nobody signed in
    const s = await start({ logger: { debug: () => {}, warn: (m, d) => warnings.push([m, d]) } });
    const r = await get(s.url, { authorization: s.authorizationToken });
    expect(r.status).toBe(500);
    expect(r.body['Message']).toContain('ssokit login');
    expect(JSON.stringify(warnings)).not.toContain(s.authorizationToken);
  });

  it('close() ends open keep-alive connections and resolves', async () => {
    const s = await start();
    await fromHttp({
      awsContainerCredentialsFullUri: s.url,
      awsContainerAuthorizationToken: s.authorizationToken,
    })();
    await s.close();
    await s.close();
    server = undefined;
    const e = await get(s.url, { authorization: s.authorizationToken }).catch((x: unknown) => x);
    expect((e as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });
});

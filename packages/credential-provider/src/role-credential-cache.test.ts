import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CacheWriteError, type Logger } from '@ssokit/token-core/files';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { python, pythonWithBotocore, useTempDirs } from '../test/helpers.js';
import {
  type RoleCacheKeyInput,
  RoleCredentialCache,
  roleCredentialCacheDir,
  roleCredentialCacheKey,
  roleCredentialCacheKeySource,
} from './role-credential-cache.js';

const tempDir = useTempDirs();
const CANARY_SECRET = 'CANARY-SECRET-ACCESS-KEY-0123456789abcdef';
const CANARY_TOKEN = 'CANARY-SESSION-TOKEN-fedcba9876543210';
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const clock = { now: () => NOW };

const sessionKey: RoleCacheKeyInput = {
  ssoSession: 'work',
  startUrl: 'https://my-org.awsapps.com/start',
  accountId: '111122223333',
  roleName: 'Developer',
};
const legacyKey: RoleCacheKeyInput = {
  startUrl: 'https://my-org.awsapps.com/start',
  accountId: '111122223333',
  roleName: 'Developer',
};

const creds = (expiresInMs: number) => ({
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: CANARY_SECRET,
  sessionToken: CANARY_TOKEN,
  expiration: new Date(NOW + expiresInMs),
});

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m, d) => lines.push(`${m} ${JSON.stringify(d)}`),
    warn: (m, d) => lines.push(`${m} ${JSON.stringify(d)}`),
  };
  return { lines, logger };
}

describe('roleCredentialCacheKey', () => {
  it('hashes compact, sorted JSON with sessionName, or startUrl for legacy profiles', () => {
    expect(roleCredentialCacheKeySource(sessionKey)).toBe(
      '{"accountId":"111122223333","roleName":"Developer","sessionName":"work"}',
    );
    expect(roleCredentialCacheKeySource(legacyKey)).toBe(
      '{"accountId":"111122223333","roleName":"Developer","startUrl":"https://my-org.awsapps.com/start"}',
    );
    expect(roleCredentialCacheKey(sessionKey)).toBe(
      createHash('sha1').update(roleCredentialCacheKeySource(sessionKey)).digest('hex'),
    );
    expect(roleCredentialCacheDir('/home/me')).toBe(join('/home/me', '.aws', 'cli', 'cache'));
  });
});

const shouldRunPython = pythonWithBotocore();

describe.runIf(shouldRunPython)('against botocore', () => {
  it('computes the same cache key as SSOCredentialFetcher for generated inputs', () => {
    const text = fc.oneof(
      fc.constantFrom('work', 'Admin', '111122223333', ''),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const inputs = fc.sample(
      fc.record({
        accountId: text,
        roleName: text,
        ssoSession: fc.option(text, { nil: undefined }),
        startUrl: text,
      }),
      200,
    );
    const script = `
import json, sys
from botocore.credentials import SSOCredentialFetcher
out = []
for i in json.load(sys.stdin):
    f = SSOCredentialFetcher(i['startUrl'], 'us-east-1', i['roleName'], i['accountId'], None, sso_session_name=i.get('ssoSession'))
    out.append(f._create_cache_key())
print(json.dumps(out))`;
    expect(JSON.parse(python(script, inputs))).toEqual(inputs.map(roleCredentialCacheKey));
  });

  it('writes the file botocore reads and serves from (what it writes, plus where it came from)', async () => {
    const dir = await tempDir();
    const cache = new RoleCredentialCache({ dir, clock });
    const c = { ...creds(3_600_000), secretAccessKey: 'sé/cret+=', accountId: '111122223333' };
    await cache.put(sessionKey, c);
    const script = `
import json, sys
from botocore.credentials import SSOCredentialFetcher
from botocore.utils import JSONFileCache
i = json.load(sys.stdin)
cache = JSONFileCache(i['dir'])
f = SSOCredentialFetcher(i['startUrl'], 'eu-west-1', i['roleName'], i['accountId'], None, cache=cache, sso_session_name=i['ssoSession'],
    time_fetcher=lambda: None)
got = cache[f._cache_key]
# what botocore itself would write for the same response, through the same JSONFileCache, plus our mark
expected = {'ProviderType': 'sso', 'Credentials': {'AccessKeyId': i['ak'], 'SecretAccessKey': i['sk'], 'SessionToken': i['st'],
    'Expiration': f._parse_timestamp(i['expMs']), 'AccountId': i['accountId']}, 'SsokitSource': {'sessionName': i['ssoSession']}}
# botocore serves the cached file (the extra member is ignored) without calling the portal
def no_client(*a, **k): raise Exception('botocore called the portal instead of using the cache')
f._client_creator = no_client
served = f.fetch_credentials()
print(json.dumps({'got': got, 'file': f._cache_key + '.json', 'bytes': cache._dumps(expected), 'served': served}))`;
    const out = JSON.parse(
      python(script, {
        dir,
        ...sessionKey,
        ak: c.accessKeyId,
        sk: c.secretAccessKey,
        st: c.sessionToken,
        expMs: c.expiration.getTime(),
      }),
    );
    expect(out.file).toBe(`${roleCredentialCacheKey(sessionKey)}.json`);
    expect(out.got.Credentials.SecretAccessKey).toBe('sé/cret+=');
    expect(await readFile(join(dir, out.file), 'utf8')).toBe(out.bytes);
    expect(out.served).toMatchObject({
      access_key: c.accessKeyId,
      secret_key: 'sé/cret+=',
      token: c.sessionToken,
    });
  });

  it('reads what botocore writes and honours its 15-minute window', async () => {
    const dir = await tempDir();
    const script = `
import json, sys, datetime
from botocore.credentials import SSOCredentialFetcher
from botocore.utils import JSONFileCache
i = json.load(sys.stdin)
f = SSOCredentialFetcher(i['startUrl'], 'eu-west-1', i['roleName'], i['accountId'], None, cache=JSONFileCache(i['dir']))
f._write_to_cache({'ProviderType': 'sso', 'Credentials': {'AccessKeyId': 'ASIABOTO', 'SecretAccessKey': 'sk', 'SessionToken': 'st',
    'Expiration': f._parse_timestamp(i['expMs']), 'AccountId': i['accountId']}})`;
    python(script, { dir, ...legacyKey, expMs: NOW + 16 * 60_000 });
    const cache = new RoleCredentialCache({ dir, clock });
    expect(await cache.get(legacyKey)).toEqual({
      accessKeyId: 'ASIABOTO',
      secretAccessKey: 'sk',
      sessionToken: 'st',
      expiration: new Date(NOW + 16 * 60_000),
      accountId: '111122223333',
    });
    const later = new RoleCredentialCache({ dir, clock: { now: () => NOW + 60_000 } });
    expect(await later.get(legacyKey)).toBeUndefined();
  });
});

describe('RoleCredentialCache', () => {
  it('round-trips credentials while more than 15 minutes remain', async () => {
    const home = await tempDir();
    const cache = new RoleCredentialCache({ homeDir: home, clock });
    expect(cache.dir).toBe(join(home, '.aws', 'cli', 'cache'));
    expect(await cache.get(sessionKey)).toBeUndefined();
    await cache.put(sessionKey, creds(20 * 60_000));
    expect(await cache.get(sessionKey)).toEqual({ ...creds(20 * 60_000), accountId: '111122223333' });
    // the legacy key is a different file
    expect(await cache.get(legacyKey)).toBeUndefined();
    const at = (ms: number) => new RoleCredentialCache({ homeDir: home, clock: { now: () => NOW + ms } });
    expect(await at(4 * 60_000).get(sessionKey)).toBeDefined();
    expect(await at(5 * 60_000).get(sessionKey)).toBeUndefined();
  });

  it('resolves the home directory from the injected env', async () => {
    const home = await tempDir();
    expect(new RoleCredentialCache({ env: { HOME: home } }).dir).toBe(join(home, '.aws', 'cli', 'cache'));
  });

  it('writes files 0600, creating the directory 0700 but keeping the mode of one that exists', async () => {
    const home = await tempDir();
    const dir = join(home, '.aws', 'cli', 'cache');
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    const cache = new RoleCredentialCache({ homeDir: home, clock });
    await cache.put(sessionKey, creds(3_600_000));
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
    expect((await stat(cache.fileFor(sessionKey))).mode & 0o777).toBe(0o600);
    const fresh = new RoleCredentialCache({ homeDir: await tempDir(), clock });
    await fresh.put(sessionKey, creds(3_600_000));
    expect((await stat(fresh.dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual([`${roleCredentialCacheKey(sessionKey)}.json`]);
  });

  it('treats corrupt, empty, truncated and wrongly shaped files as absent, warning without their content', async () => {
    const dir = await tempDir();
    const { lines, logger } = recordingLogger();
    const cache = new RoleCredentialCache({ dir, clock, logger });
    await cache.put(sessionKey, creds(3_600_000));
    const full = await readFile(cache.fileFor(sessionKey), 'utf8');
    const bad = [
      '',
      full.slice(0, full.length - 5),
      full.slice(0, 40),
      '{"ProviderType": "sso"}',
      full.replace(/"Expiration": "[^"]*"/, `"Expiration": "${CANARY_SECRET}"`),
      full.replace(/"SessionToken": "[^"]*"/, '"SessionToken": 42'),
      'null',
      '[]',
    ];
    for (const text of bad) {
      await writeFile(cache.fileFor(sessionKey), text);
      expect(await cache.get(sessionKey)).toBeUndefined();
    }
    expect(lines.length).toBeGreaterThanOrEqual(bad.length);
    for (const l of lines) {
      expect(l).toContain(cache.fileFor(sessionKey));
      expect(l).not.toContain(CANARY_SECRET);
      expect(l).not.toContain(CANARY_TOKEN);
    }
  });

  it('never throws on fuzzed cache files', async () => {
    const dir = await tempDir();
    const cache = new RoleCredentialCache({ dir, clock });
    await mkdir(dir, { recursive: true });
    const json = fc.jsonValue().map((v) => JSON.stringify(v));
    const shaped = fc
      .record({
        ProviderType: fc.oneof(fc.constant('sso'), fc.anything()),
        Credentials: fc.record(
          {
            AccessKeyId: fc.oneof(fc.string(), fc.anything()),
            SecretAccessKey: fc.oneof(fc.string(), fc.anything()),
            SessionToken: fc.oneof(fc.string(), fc.anything()),
            Expiration: fc.oneof(
              fc.constantFrom('2030-01-01T13:00:00Z', '2030-02-30T00:00:00Z'),
              fc.string(),
              fc.anything(),
            ),
            AccountId: fc.anything(),
          },
          { requiredKeys: [] },
        ),
      })
      .map((v) => JSON.stringify(v) ?? '');
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, shaped, fc.string({ unit: 'binary' })), async (text) => {
        await writeFile(cache.fileFor(sessionKey), text);
        const got = await cache.get(sessionKey);
        if (got) expect(got.expiration.getTime()).toBeGreaterThan(NOW);
      }),
      { numRuns: 300 },
    );
  });

  it('remove deletes one entry; removeAllSso deletes only SSO credential files', async () => {
    const dir = await tempDir();
    const cache = new RoleCredentialCache({ dir, clock });
    await cache.put(sessionKey, creds(3_600_000));
    await cache.put(legacyKey, creds(3_600_000));
    const other = { ...sessionKey, roleName: 'Other' };
    await cache.put(other, creds(3_600_000));
    expect(await cache.remove(other)).toBe(true);
    expect(await cache.remove(other)).toBe(false);
    // an assume-role file of the CLI, a corrupt file and a directory must survive
    await writeFile(join(dir, 'assume.json'), '{"ProviderType": "assume-role", "Credentials": {}}');
    await writeFile(join(dir, 'corrupt.json'), '{"ProviderType": "sso"');
    await mkdir(join(dir, 'subdir'));
    // a partial SSO file is still an SSO file to `aws sso logout`
    await writeFile(join(dir, 'partial'), '{"ProviderType": "sso"}');
    expect(await cache.removeAllSso()).toBe(3);
    expect((await readdir(dir)).sort()).toEqual(['assume.json', 'corrupt.json', 'subdir']);
    expect(await new RoleCredentialCache({ dir: join(dir, 'missing') }).removeAllSso()).toBe(0);
  });

  it('removeFromSession deletes every file ssokit wrote for that session, whatever the role', async () => {
    const dir = await tempDir();
    const { lines, logger } = recordingLogger();
    const cache = new RoleCredentialCache({ dir, clock, logger });
    const roles = ['Admin', 'ReadOnly', 'Billing'].map((roleName, i) => ({
      ...sessionKey,
      accountId: `${i}`.repeat(12),
      roleName,
    }));
    for (const k of roles) await cache.put(k, creds(3_600_000));
    const otherSession = { ...sessionKey, ssoSession: 'other' };
    await cache.put(otherSession, creds(3_600_000));
    await cache.put(legacyKey, creds(3_600_000));
    // written by the AWS CLI: no mark, so only removable by key
    await writeFile(join(dir, 'cli.json'), '{"ProviderType": "sso", "Credentials": {}}');
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    expect(await cache.removeFromSession({ ssoSession: 'work', startUrl: sessionKey.startUrl })).toBe(3);
    for (const k of roles) expect(await cache.get(k)).toBeUndefined();
    expect(await cache.get(otherSession)).toBeDefined();
    expect(await cache.get(legacyKey)).toBeDefined();
    // a legacy session is its start URL
    expect(await cache.removeFromSession({ startUrl: legacyKey.startUrl })).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(
      ['cli.json', 'fifo.json', `${roleCredentialCacheKey(otherSession)}.json`].sort(),
    );
    expect(lines.join('\n')).toContain('fifo.json: the file cannot be read (not a regular file)');
  }, 5_000);

  it('refuses to cache credentials without a session token or expiration, without echoing secrets', async () => {
    const cache = new RoleCredentialCache({ dir: await tempDir(), clock });
    const { sessionToken: _, ...noToken } = creds(3_600_000);
    await expect(cache.put(sessionKey, noToken)).rejects.toThrow(/sessionToken is required/);
    await expect(cache.put(sessionKey, { ...creds(1), expiration: new Date(Number.NaN) })).rejects.toThrow(
      /expiration/,
    );
    const e = await cache.put(sessionKey, noToken).catch((err: unknown) => err);
    expect(JSON.stringify(e) + String(e)).not.toContain(CANARY_SECRET);
  });

  it('takes cacheDir like the token-core caches (dir stays as a deprecated alias), and fails to remove with CacheWriteError', async () => {
    const dir = await tempDir();
    const cache = new RoleCredentialCache({ cacheDir: dir, clock });
    expect(cache.cacheDir).toBe(dir);
    await cache.put(sessionKey, creds(3_600_000));
    const old = new RoleCredentialCache({ dir, clock });
    expect(old.dir).toBe(dir);
    expect(await old.get(sessionKey)).toBeDefined();
    // a directory where the file should be cannot be removed: the same error as the other caches
    await mkdir(join(cache.fileFor(legacyKey), 'inside'), { recursive: true });
    await expect(cache.remove(legacyKey)).rejects.toBeInstanceOf(CacheWriteError);
  });
});

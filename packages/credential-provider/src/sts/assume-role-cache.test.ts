import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { python, pythonWithBotocore, useTempDirs } from '../../test/helpers.js';
import {
  AssumeRoleCache,
  type AssumeRoleCacheKeyInput,
  assumeRoleCacheKey,
  assumeRoleCacheKeySource,
} from './assume-role-cache.js';

const tempDir = useTempDirs();
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const clock = { now: () => NOW };
const ROLE = 'arn:aws:iam::111122223333:role/Deploy';

const KEYS: AssumeRoleCacheKeyInput[] = [
  { RoleArn: ROLE },
  { RoleArn: ROLE, RoleSessionName: 'alice@example.com' },
  { RoleArn: ROLE, ExternalId: 'ext/1:é', DurationSeconds: 900 },
  {
    RoleArn: 'arn:aws:iam::444455556666:role/path/to/Admin',
    RoleSessionName: 'deployer',
    ExternalId: 'x-y',
    DurationSeconds: 3600,
  },
];

describe('assume-role cache keys', () => {
  it('hash the sorted kwargs with Python separators', () => {
    expect(assumeRoleCacheKeySource({ RoleArn: ROLE, DurationSeconds: 900, ExternalId: 'e' })).toBe(
      `{"DurationSeconds": 900, "ExternalId": "e", "RoleArn": "${ROLE}"}`,
    );
    expect(assumeRoleCacheKey({ RoleArn: ROLE })).toMatch(/^[0-9a-f]{40}$/);
  });

  it('drop nothing but undefined members (a configured session name is part of the key)', () => {
    expect(assumeRoleCacheKey({ RoleArn: ROLE, RoleSessionName: 'a1' })).not.toBe(
      assumeRoleCacheKey({ RoleArn: ROLE }),
    );
  });
});

describe('AssumeRoleCache', () => {
  it('serves results with more than 15 minutes left, and treats a broken file as absent', async () => {
    const cacheDir = await tempDir();
    const cache = new AssumeRoleCache({ cacheDir, clock });
    const credentials = (ms: number) => ({
      accessKeyId: 'ASIA1',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(NOW + ms),
      accountId: '111122223333',
    });
    await cache.put({ RoleArn: ROLE }, { credentials: credentials(16 * 60_000) });
    expect((await cache.get({ RoleArn: ROLE }))?.accessKeyId).toBe('ASIA1');
    await cache.put({ RoleArn: ROLE }, { credentials: credentials(15 * 60_000) });
    expect(await cache.get({ RoleArn: ROLE })).toBeUndefined();
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(cache.fileFor({ RoleArn: ROLE }), '{"Credentials": {'),
    );
    expect(await cache.get({ RoleArn: ROLE })).toBeUndefined();
  });
});

describe.runIf(pythonWithBotocore())('against botocore', () => {
  it("computes AssumeRoleCredentialFetcher's cache keys, leaving a generated session name out", () => {
    const script = `
import json, sys
from botocore.credentials import AssumeRoleCredentialFetcher
out = []
for kw in json.load(sys.stdin):
    arn = kw.pop('RoleArn')
    f = AssumeRoleCredentialFetcher(lambda *a, **k: None, None, arn, extra_args=kw)
    out.append(f._cache_key)
print(json.dumps(out))`;
    expect(JSON.parse(python(script, KEYS))).toEqual(KEYS.map(assumeRoleCacheKey));
  });

  it('writes the file botocore serves from, byte for byte what botocore writes, and reads what botocore writes', async () => {
    const dir = await tempDir();
    // botocore judges expiry on the real clock
    const now = Math.floor(Date.now() / 1000) * 1000;
    const cache = new AssumeRoleCache({ cacheDir: dir, clock: { now: () => now } });
    const key = { RoleArn: ROLE, DurationSeconds: 900 };
    const expiration = new Date(now + 3_600_000);
    await cache.put(key, {
      credentials: {
        accessKeyId: 'ASIAOURS',
        secretAccessKey: 'sé/cret+=',
        sessionToken: 'tok',
        expiration,
        accountId: '111122223333',
      },
      assumedRoleUser: {
        AssumedRoleId: 'AROAX:alice',
        Arn: 'arn:aws:sts::111122223333:assumed-role/Deploy/alice',
      },
    });
    const script = `
import json, sys, datetime
from dateutil.tz import tzutc
from botocore.credentials import AssumeRoleCredentialFetcher
from botocore.utils import JSONFileCache
i = json.load(sys.stdin)
cache = JSONFileCache(i['dir'])
def no_client(*a, **k): raise Exception('botocore called STS instead of using the cache')
f = AssumeRoleCredentialFetcher(no_client, None, i['arn'], extra_args={'DurationSeconds': 900}, cache=cache)
served = f.fetch_credentials()
exp = datetime.datetime.fromtimestamp(i['expMs'] / 1000, tzutc())
# what botocore writes for the same answer (the AccountId it adds included)
same = {'Credentials': {'AccessKeyId': 'ASIAOURS', 'SecretAccessKey': 'sé/cret+=', 'SessionToken': 'tok', 'Expiration': exp, 'AccountId': '111122223333'},
        'AssumedRoleUser': {'AssumedRoleId': 'AROAX:alice', 'Arn': 'arn:aws:sts::111122223333:assumed-role/Deploy/alice'}}
# and a file botocore writes itself, under another key, for us to read
class Sts:
    def assume_role(self, **kw):
        return {'Credentials': {'AccessKeyId': 'ASIABOTO', 'SecretAccessKey': 'b', 'SessionToken': 'c', 'Expiration': exp},
                'AssumedRoleUser': {'AssumedRoleId': 'AROAX:s', 'Arn': 'arn:aws:sts::111122223333:assumed-role/Deploy/s'},
                'ResponseMetadata': {'RequestId': 'r', 'HTTPStatusCode': 200, 'HTTPHeaders': {}, 'RetryAttempts': 0}}
class Src:
    def get_frozen_credentials(self):
        from botocore.credentials import ReadOnlyCredentials
        return ReadOnlyCredentials('a', 'b', 'c')
g = AssumeRoleCredentialFetcher(lambda *a, **k: Sts(), Src(), i['arn'], extra_args={'RoleSessionName': 'bob'}, cache=cache)
g.fetch_credentials()
print(json.dumps({'served': served, 'bytes': cache._dumps(same), 'file': f._cache_key + '.json'}))`;
    const out = JSON.parse(python(script, { dir, arn: ROLE, expMs: expiration.getTime() }));
    expect(out.file).toBe(`${assumeRoleCacheKey(key)}.json`);
    expect(out.served).toMatchObject({ access_key: 'ASIAOURS', secret_key: 'sé/cret+=', token: 'tok' });
    expect(await readFile(join(dir, out.file), 'utf8')).toBe(out.bytes);
    const theirs = await cache.get({ RoleArn: ROLE, RoleSessionName: 'bob' });
    expect(theirs).toMatchObject({ accessKeyId: 'ASIABOTO', accountId: '111122223333', expiration });
  });
});

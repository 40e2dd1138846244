import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSsokitError } from '@ssokit/protocol';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingLogger, tempHome } from '../test/helpers.js';
import { tokenCacheKey } from './cache-keys.js';
import { resolveHomeDir } from './home.js';
import type { SsoSessionRef, SsoToken } from './token.js';
import { FileTokenStore, logoutAll, MemoryTokenStore } from './token-store.js';

const session: SsoSessionRef = {
  ssoSession: 'work',
  startUrl: 'https://d-1.awsapps.com/start',
  region: 'eu-west-1',
};
const legacy: SsoSessionRef = { startUrl: 'https://d-2.awsapps.com/start', region: 'us-east-1' };

const token: SsoToken = {
  startUrl: session.startUrl,
  region: session.region,
  accessToken: 'aoaAAAAA-access-token-value',
  expiresAt: new Date('2030-06-01T13:00:00Z'),
  clientId: 'client-id',
  clientSecret: 'client-secret-value-xyz',
  registrationExpiresAt: new Date('2030-09-01T00:00:00Z'),
  refreshToken: 'aorAAAAA-refresh-token-value',
};

let home: string;
let cleanup: () => Promise<void>;
let logger: RecordingLogger;
let store: FileTokenStore;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  logger = new RecordingLogger();
  store = new FileTokenStore({ homeDir: home, logger });
});
afterEach(() => cleanup());

const cacheDir = () => join(home, '.aws', 'sso', 'cache');
const fileOf = (s: SsoSessionRef) => join(cacheDir(), `${tokenCacheKey(s)}.json`);
async function put(s: SsoSessionRef, text: string) {
  await mkdir(cacheDir(), { recursive: true });
  await writeFile(fileOf(s), text);
}

describe('home directory', () => {
  it('follows HOME, USERPROFILE, HOMEDRIVE+HOMEPATH', () => {
    expect(resolveHomeDir({ HOME: '/h', USERPROFILE: 'C:\\u' })).toBe('/h');
    expect(resolveHomeDir({ USERPROFILE: 'C:\\u', HOMEPATH: '\\p' })).toBe('C:\\u');
    expect(resolveHomeDir({ HOMEDRIVE: 'D:', HOMEPATH: '\\p' })).toBe('D:\\p');
    expect(resolveHomeDir({})).toBeTruthy();
    expect(new FileTokenStore({ env: { HOME: '/x' } }).cacheDir).toBe(join('/x', '.aws', 'sso', 'cache'));
  });
});

describe('FileTokenStore writing', () => {
  it('writes the CLI format under the CLI key', async () => {
    await store.write(session, token);
    const json = JSON.parse(await readFile(fileOf(session), 'utf8'));
    expect(json).toEqual({
      startUrl: session.startUrl,
      region: 'eu-west-1',
      accessToken: token.accessToken,
      expiresAt: '2030-06-01T13:00:00Z',
      clientId: 'client-id',
      clientSecret: token.clientSecret,
      registrationExpiresAt: '2030-09-01T00:00:00Z',
      refreshToken: token.refreshToken,
    });
    expect(Object.keys(json)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ]);
    expect(await store.read(session)).toEqual(token);
  });

  it('omits unknown optional members (legacy token)', async () => {
    const t = { startUrl: legacy.startUrl, region: legacy.region, accessToken: 'x', expiresAt: new Date(0) };
    await store.write(legacy, t);
    expect(Object.keys(JSON.parse(await readFile(fileOf(legacy), 'utf8')))).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
    ]);
  });

  it.skipIf(process.platform === 'win32')('creates the directory 0700 and files 0600', async () => {
    await store.write(session, token);
    expect((await stat(cacheDir())).mode & 0o777).toBe(0o700);
    expect((await stat(fileOf(session))).mode & 0o777).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the mode of a directory that already existed and tightens the file',
    async () => {
      await mkdir(cacheDir(), { recursive: true, mode: 0o755 });
      await writeFile(fileOf(session), '{}', { mode: 0o644 });
      expect((await stat(cacheDir())).mode & 0o777).toBe(0o755);
      await store.write(session, token);
      expect((await stat(cacheDir())).mode & 0o777).toBe(0o755);
      expect((await stat(fileOf(session))).mode & 0o777).toBe(0o600);
    },
  );

  it('keeps keys other tools wrote and leaves no temp files', async () => {
    await put(
      session,
      JSON.stringify({
        ...JSON.parse(JSON.stringify(token)),
        expiresAt: '2030-01-01T00:00:00Z',
        vendorField: { a: 1 },
      }),
    );
    await store.write(session, { ...token, refreshToken: undefined });
    const json = JSON.parse(await readFile(fileOf(session), 'utf8'));
    expect(json.vendorField).toEqual({ a: 1 });
    expect(json.refreshToken).toBeUndefined();
    expect(json.expiresAt).toBe('2030-06-01T13:00:00Z');
    expect(await readdir(cacheDir())).toEqual([`${tokenCacheKey(session)}.json`]);
  });
});

describe('FileTokenStore reading', () => {
  const base = { startUrl: session.startUrl, region: session.region, accessToken: 'tok' };
  it.each([
    '2030-06-01T13:00:00Z',
    '2030-06-01T13:00:00.000Z',
    '2030-06-01T13:00:00+00:00',
    '2030-06-01T15:00:00+02:00',
    '2030-06-01T13:00:00UTC',
    '2030-06-01T13:00:00.000000+00:00',
  ])('reads expiresAt %s', async (expiresAt) => {
    await put(session, JSON.stringify({ ...base, expiresAt }));
    expect((await store.read(session))?.expiresAt.toISOString()).toBe('2030-06-01T13:00:00.000Z');
    expect(logger.warnings).toEqual([]);
  });

  it('tolerates missing optional members and fills startUrl/region from the session', async () => {
    await put(
      session,
      JSON.stringify({ accessToken: 'tok', expiresAt: '2030-06-01T13:00:00Z', refreshToken: 7 }),
    );
    expect(await store.read(session)).toEqual({
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'tok',
      expiresAt: new Date('2030-06-01T13:00:00Z'),
    });
  });

  it('returns undefined for a missing file without warning', async () => {
    expect(await store.read(session)).toBeUndefined();
    expect(logger.warnings).toEqual([]);
  });

  const full = JSON.stringify({
    ...base,
    expiresAt: '2030-06-01T13:00:00Z',
    refreshToken: 'SECRET-CANARY-refresh-0001',
  });
  it.each([
    ['empty', ''],
    ['whitespace', '  \n'],
    ['truncated', full.slice(0, full.length - 9)],
    ['not JSON', 'aoaSECRET-CANARY-garbage'],
    ['an array', '[]'],
    ['null', 'null'],
    ['without accessToken', JSON.stringify({ expiresAt: '2030-06-01T13:00:00Z' })],
    ['with a bad expiresAt', JSON.stringify({ ...base, expiresAt: 'tomorrow' })],
    ['with a numeric expiresAt', JSON.stringify({ ...base, expiresAt: 1893456000 })],
  ])('treats a file that is %s as absent, with one warning naming the file', async (_name, text) => {
    await put(session, text);
    expect(await store.read(session)).toBeUndefined();
    expect(await store.read(session)).toBeUndefined();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]!.message).toContain(fileOf(session));
    expect(logger.text()).not.toContain('SECRET-CANARY');
  });

  it('never throws on fuzzed file contents', async () => {
    const tokenish = fc.record(
      {
        startUrl: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        region: fc.oneof(fc.string(), fc.constant(null)),
        accessToken: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        expiresAt: fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.integer(),
          fc.constant(null),
        ),
        refreshToken: fc.anything(),
        registrationExpiresAt: fc.oneof(fc.string(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const content = fc.oneof(
      fc.string(),
      fc.json(),
      tokenish.map((o) => JSON.stringify(o)),
      tokenish.chain((o) => {
        const s = JSON.stringify(o);
        return fc.nat(s.length).map((n) => s.slice(0, n));
      }),
      fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
    );
    await fc.assert(
      fc.asyncProperty(content, async (text) => {
        await put(session, text);
        try {
          const t = await store.read(session);
          if (t) {
            expect(typeof t.accessToken).toBe('string');
            expect(Number.isFinite(t.expiresAt.getTime())).toBe(true);
          }
          await store.list();
        } catch (e) {
          expect(isSsokitError(e)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('list, remove and logoutAll', () => {
  it('lists tokens, skips registrations and corrupt files, and logout keeps registrations', async () => {
    await store.write(session, token);
    await store.write(legacy, { ...token, startUrl: legacy.startUrl, region: legacy.region });
    const reg = join(cacheDir(), `${'a'.repeat(40)}.json`);
    await writeFile(
      reg,
      JSON.stringify({ clientId: 'c', clientSecret: 's', expiresAt: '2031-01-01T00:00:00Z' }),
    );
    await writeFile(join(cacheDir(), `${'b'.repeat(40)}.json`), '{"accessToken": "trunc');
    const listed = await store.list();
    expect(listed.map((e) => e.token.startUrl).sort()).toEqual([session.startUrl, legacy.startUrl].sort());
    expect(logger.warnings).toHaveLength(1);

    const seen: string[] = [];
    const removed = await logoutAll(store, async (t) => {
      seen.push(t.startUrl ?? '');
      if (t.startUrl === legacy.startUrl) throw new Error('portal down');
    });
    expect(removed.map((r) => r.startUrl).sort()).toEqual([session.startUrl, legacy.startUrl].sort());
    expect(JSON.stringify(removed)).not.toContain(token.accessToken);
    expect(seen).toHaveLength(2);
    expect(await store.read(session)).toBeUndefined();
    expect(await store.read(legacy)).toBeUndefined();
    expect((await readdir(cacheDir())).sort()).toEqual([`${'a'.repeat(40)}.json`, `${'b'.repeat(40)}.json`]);
    await store.remove(session); // already gone: no error
  });

  it('logoutAll deletes every file with an accessToken, as `aws sso logout` does', async () => {
    await mkdir(cacheDir(), { recursive: true });
    // written by other tools: no startUrl, no region, another file name
    const noStartUrl = join(cacheDir(), `${'c'.repeat(40)}.json`);
    await writeFile(
      noStartUrl,
      JSON.stringify({ accessToken: 'tok-1', expiresAt: '2030-01-01T00:00:00Z', region: 'eu-west-1' }),
    );
    const bare = join(cacheDir(), 'kiro-auth-token.json');
    await writeFile(bare, JSON.stringify({ accessToken: 'tok-2' }));
    const reg = join(cacheDir(), `${'a'.repeat(40)}.json`);
    await writeFile(
      reg,
      JSON.stringify({ clientId: 'c', clientSecret: 's', expiresAt: '2031-01-01T00:00:00Z' }),
    );
    const regions: string[] = [];
    const removed = await logoutAll(store, async (t) => {
      regions.push(t.region);
    });
    expect(removed.map((r) => r.key).sort()).toEqual(['c'.repeat(40), 'kiro-auth-token'].sort());
    // Logout at AWS only where the region is known (as the AWS CLI)
    expect(regions).toEqual(['eu-west-1']);
    expect(await readdir(cacheDir())).toEqual([`${'a'.repeat(40)}.json`]);
  });

  it.skipIf(process.platform === 'win32')(
    'a FIFO in the cache directory is skipped with a warning, never opened for a blocking read',
    async () => {
      await store.write(session, token);
      const fifo = join(cacheDir(), `${'f'.repeat(40)}.json`);
      execFileSync('mkfifo', [fifo]);
      expect(await store.list()).toHaveLength(1);
      expect(await logoutAll(store)).toHaveLength(1);
      expect(logger.warnings.map((w) => w.message).join('\n')).toContain(
        `${fifo}: the file cannot be read (not a regular file)`,
      );
      expect(await readdir(cacheDir())).toEqual([`${'f'.repeat(40)}.json`]);
    },
    5_000,
  );

  it('works the same in memory', async () => {
    const mem = new MemoryTokenStore();
    await mem.write(session, token);
    expect(await mem.read(session)).toEqual(token);
    expect(await logoutAll(mem)).toHaveLength(1);
    expect(await mem.read(session)).toBeUndefined();
  });
});

describe('lock', () => {
  it('excludes a second holder and times out with a clear error', async () => {
    const other = new FileTokenStore({ homeDir: home });
    let inside = false;
    await store.lock(session, async () => {
      inside = true;
      const err = await other.lock(session, async () => 'never', { waitMs: 50 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'ERR_SSOKIT_LOCK_TIMEOUT' });
      expect((err as Error).message).toContain(`${fileOf(session)}.lock`);
    });
    expect(inside).toBe(true);
    // released: the other store can take it now
    expect(await other.lock(session, async () => 'ok', { waitMs: 0 })).toBe('ok');
  });

  it('serialises holders in memory', async () => {
    const mem = new MemoryTokenStore();
    const order: string[] = [];
    await Promise.all(
      [1, 2, 3].map((i) =>
        mem.lock(session, async () => {
          order.push(`in${i}`);
          await new Promise((r) => setImmediate(r));
          order.push(`out${i}`);
        }),
      ),
    );
    expect(order).toEqual(['in1', 'out1', 'in2', 'out2', 'in3', 'out3']);
  });
});

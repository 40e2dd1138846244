import { execFileSync } from 'node:child_process';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingLogger, tempHome } from '../test/helpers.js';
import { CacheDirectory, type Decoded } from './cache-directory.js';
import { CacheWriteError } from './errors.js';
import { RegistrationCache } from './registration-cache.js';

let home: string;
let cleanup: () => Promise<void>;
let logger: RecordingLogger;
let dir: CacheDirectory;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  logger = new RecordingLogger();
  dir = new CacheDirectory((h) => join(h, 'cache'), 'test cache file', { homeDir: home, logger });
});
afterEach(() => cleanup());

const digits = (text: string): Decoded<number> =>
  /^\d+$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, problem: 'not a number' };

describe('CacheDirectory: the base of the AWS-compatible caches', () => {
  it('resolves the directory from cacheDir, then homeDir, then env', () => {
    const under = (h: string) => join(h, 'c');
    expect(new CacheDirectory(under, 'x', { cacheDir: '/elsewhere', homeDir: home }).path).toBe('/elsewhere');
    expect(new CacheDirectory(under, 'x', { homeDir: home }).path).toBe(join(home, 'c'));
    expect(new CacheDirectory(under, 'x', { env: { HOME: '/h' } }).path).toBe(join('/h', 'c'));
  });

  it('writes private files atomically and reads them back through the codec', async () => {
    await dir.write('k', '42');
    expect(await dir.read('k', digits)).toBe(42);
    expect((await stat(dir.fileFor('k'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir.path)).mode & 0o777).toBe(0o700);
    expect(await dir.read('missing', digits)).toBeUndefined();
    expect(logger.warnings).toEqual([]);
  });

  it('warns once per broken file version, naming the file and never its content', async () => {
    await mkdir(dir.path, { recursive: true });
    await writeFile(dir.fileFor('k'), 'SECRET-CANARY-1');
    expect(await dir.read('k', digits)).toBeUndefined();
    expect(await dir.read('k', digits)).toBeUndefined();
    expect(logger.warnings.map((w) => w.message)).toEqual([
      `ignoring the test cache file ${dir.fileFor('k')}: not a number`,
    ]);
    await writeFile(dir.fileFor('k'), 'SECRET-CANARY-2');
    expect(await dir.read('k', digits)).toBeUndefined();
    expect(logger.warnings).toHaveLength(2);
    expect(logger.text()).not.toContain('SECRET-CANARY');
  });

  it('removes with one behaviour: false when absent, CacheWriteError when it cannot', async () => {
    await dir.write('k', '1');
    expect(await dir.remove('k')).toBe(true);
    expect(await dir.remove('k')).toBe(false);
    await mkdir(join(dir.fileFor('d')), { recursive: true });
    await writeFile(join(dir.fileFor('d'), 'inside'), 'x');
    await expect(dir.remove('d')).rejects.toBeInstanceOf(CacheWriteError);
  });

  it('scans *.json files, skipping a FIFO with a warning instead of blocking', async () => {
    await dir.write('b', '2');
    await dir.write('a', '1');
    await writeFile(join(dir.path, 'notes.txt'), 'x');
    execFileSync('mkfifo', [dir.fileFor('fifo')]);
    expect((await dir.scan()).map((f) => [f.key, f.text])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(logger.warnings.map((w) => w.message).join('\n')).toContain(
      `${dir.fileFor('fifo')}: the file cannot be read (not a regular file)`,
    );
    expect(await new CacheDirectory(() => join(home, 'none'), 'x').scan()).toEqual([]);
    expect((await readdir(dir.path)).sort()).toEqual(['a.json', 'b.json', 'fifo.json', 'notes.txt']);
  });

  it('the registration cache warns about an unreadable file like the other caches', async () => {
    const cache = new RegistrationCache({ homeDir: home, logger });
    const key = {
      region: 'eu-west-1',
      startUrl: 'https://d-1.awsapps.com/start',
      scopes: null,
      sessionName: 'w',
    };
    await mkdir(cache.cacheDir, { recursive: true });
    execFileSync('mkfifo', [cache.registrationPath(key)]);
    expect(await cache.get(key)).toBeUndefined();
    expect(logger.warnings.map((w) => w.message)).toEqual([
      `ignoring the client registration file ${cache.registrationPath(key)}: the file cannot be read (not a regular file)`,
    ]);
  });
});

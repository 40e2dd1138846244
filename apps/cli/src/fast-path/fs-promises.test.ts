import { constants } from 'node:fs';
import * as real from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ours from './fs-promises.js';

let dir: string;
beforeAll(async () => {
  dir = await real.mkdtemp(join(tmpdir(), 'ssokit-fsp-'));
  await real.writeFile(join(dir, 'a.json'), '{"ok":"wörk"}');
});
afterAll(() => real.rm(dir, { recursive: true, force: true }));

/** The value, or the error's code: what the callers look at. */
const outcome = <T>(p: Promise<T>) =>
  p.then(
    (v) => ({ value: v }),
    (e: NodeJS.ErrnoException) => ({ code: e.code }),
  );

describe('the synchronous node:fs/promises reads of `ssokit credentials`', () => {
  it('readFile: the same text, bytes and error codes as node:fs/promises', async () => {
    for (const name of ['a.json', 'missing.json', '', 'a.json/below']) {
      const file = join(dir, name);
      expect(await outcome(ours.readFile(file, 'utf8')), name).toEqual(
        await outcome(real.readFile(file, 'utf8')),
      );
      expect(await outcome(ours.readFile(file)), name).toEqual(await outcome(real.readFile(file)));
    }
  });

  it('open → stat → readFile → close, as the cache reads a regular file; ENOENT for a missing one', async () => {
    const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
    const handle = await ours.open(join(dir, 'a.json'), flags);
    expect((await handle.stat()).isFile()).toBe(true);
    expect(await handle.readFile('utf8')).toBe('{"ok":"wörk"}');
    await handle.close();
    const dirHandle = await ours.open(dir, flags);
    expect((await dirHandle.stat()).isFile()).toBe(false);
    await dirHandle.close();
    expect(await outcome(ours.open(join(dir, 'missing.json'), flags))).toEqual({ code: 'ENOENT' });
  });

  it('stat and readdir: the same answers; writes are node:fs/promises’ own', async () => {
    expect((await ours.stat(dir)).isDirectory()).toBe(true);
    expect(await outcome(ours.stat(join(dir, 'missing')))).toEqual({ code: 'ENOENT' });
    expect(await ours.readdir(dir)).toEqual(await real.readdir(dir));
    await ours.writeFile(join(dir, 'b.json'), 'b');
    expect(await real.readFile(join(dir, 'b.json'), 'utf8')).toBe('b');
  });
});

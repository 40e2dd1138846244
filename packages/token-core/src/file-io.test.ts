import { execFileSync } from 'node:child_process';
import { chmod, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingLogger, tempHome } from '../test/helpers.js';
import { ensurePrivateDir, readTextFile } from './file-io.js';

let home: string;
let cleanup: () => Promise<void>;
let logger: RecordingLogger;
beforeEach(async () => {
  ({ home, cleanup } = await tempHome());
  logger = new RecordingLogger();
});
afterEach(() => cleanup());

const modeOf = async (p: string) => (await stat(p)).mode & 0o7777;

describe.skipIf(process.platform === 'win32')('ensurePrivateDir', () => {
  it('creates a missing directory and its missing parents with mode 0700, silently', async () => {
    const dir = join(home, '.aws', 'sso', 'cache');
    await ensurePrivateDir(dir, logger);
    expect(await modeOf(join(home, '.aws'))).toBe(0o700);
    expect(await modeOf(join(home, '.aws', 'sso'))).toBe(0o700);
    expect(await modeOf(dir)).toBe(0o700);
    expect(logger.warnings).toEqual([]);
  });

  it('leaves a shared sticky directory (mode 1777, like /tmp) as it is and warns', async () => {
    const shared = join(home, 'shared-tmp');
    await mkdir(shared);
    await chmod(shared, 0o1777);
    await ensurePrivateDir(shared, logger);
    expect(await modeOf(shared)).toBe(0o1777);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]!.message).toContain('writable by other users (mode 1777)');
    expect(logger.warnings[0]!.message).toContain(`chmod 700 ${shared}`);
  });

  it('leaves the target of a symlinked directory as it is', async () => {
    const target = join(home, 'elsewhere');
    await mkdir(target);
    await chmod(target, 0o750);
    await mkdir(join(home, '.aws', 'sso'), { recursive: true });
    const link = join(home, '.aws', 'sso', 'cache');
    await symlink(target, link);
    await ensurePrivateDir(link, logger);
    expect(await modeOf(target)).toBe(0o750);
    // 0750 is not writable by others: nothing to warn about
    expect(logger.warnings).toEqual([]);
  });
});

describe.skipIf(process.platform === 'win32')('readTextFile', () => {
  it('with regularFileOnly, does not block on a FIFO and does not read a directory', async () => {
    const fifo = join(home, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(await readTextFile(fifo, { regularFileOnly: true })).toEqual({ error: 'not a regular file' });
    expect(await readTextFile(home, { regularFileOnly: true })).toEqual({ error: 'not a regular file' });
    await writeFile(join(home, 'f.json'), '{}');
    expect(await readTextFile(join(home, 'f.json'), { regularFileOnly: true })).toEqual({ text: '{}' });
    expect(await readTextFile(join(home, 'none.json'), { regularFileOnly: true })).toEqual({ missing: true });
  }, 5_000);
});

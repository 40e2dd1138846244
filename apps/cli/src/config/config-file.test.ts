import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_BACKUPS_KEPT, listConfigBackups, writeConfigText } from './config-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssokit-config-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeConfigText backups', () => {
  it(`keeps the last ${CONFIG_BACKUPS_KEPT} versions, timestamped, oldest removed first`, async () => {
    const file = join(dir, 'config');
    await writeFile(file, 'version 0\n', { mode: 0o600 });
    const start = Date.parse('2026-11-30T12:00:00.000Z');
    let previous = 'version 0\n';
    for (let i = 1; i <= 8; i++) {
      const text = `version ${i}\n`;
      // two writes in the same millisecond must not overwrite each other's backup
      const at = new Date(start + Math.floor(i / 2) * 1000);
      const backup = await writeConfigText(file, text, previous, () => at);
      expect(backup && (await readFile(backup, 'utf8'))).toBe(previous);
      previous = text;
    }
    const backups = await listConfigBackups(file);
    expect(backups).toHaveLength(CONFIG_BACKUPS_KEPT);
    expect(await Promise.all(backups.map((b) => readFile(b, 'utf8')))).toEqual(
      [3, 4, 5, 6, 7].map((i) => `version ${i}\n`),
    );
    expect(backups.slice(0, 2).map((b) => basename(b))).toEqual([
      'config.ssokit-20261130T120002000Z.bak',
      'config.ssokit-20261130T120002000Z-1.bak',
    ]);
    expect(await readFile(file, 'utf8')).toBe('version 8\n');
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
  });

  it('makes no backup of a file that did not exist', async () => {
    const file = join(dir, 'config');
    expect(await writeConfigText(file, '[default]\n', '')).toBeUndefined();
    expect(await listConfigBackups(file)).toEqual([]);
  });
});

import { constants } from 'node:fs';
import { copyFile, readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How many earlier versions of the config file are kept next to it. */
export const CONFIG_BACKUPS_KEPT = 5;

/** Reads the config file's text; '' when it does not exist yet. */
export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** `config.ssokit-20261130T124000123Z.bak`: names that sort by time. */
function backupName(file: string, now: Date, attempt: number): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${file}.ssokit-${stamp}${attempt > 0 ? `-${attempt}` : ''}.bak`;
}

/** The backups ssokit made of `file`, oldest first. */
export async function listConfigBackups(file: string): Promise<string[]> {
  const prefix = `${basename(file)}.ssokit-`;
  const names = (await readdir(dirname(file))).filter((n) => n.startsWith(prefix) && n.endsWith('.bak'));
  // same-millisecond backups get `-1`, `-2`: compare the stamp, then the counter
  const order = (n: string) => {
    const [stamp = '', count = '0'] = n.slice(prefix.length, -'.bak'.length).split('-');
    return [stamp, Number(count)] as const;
  };
  return names
    .sort((a, b) => {
      const [sa, ca] = order(a);
      const [sb, cb] = order(b);
      return sa < sb ? -1 : sa > sb ? 1 : ca - cb;
    })
    .map((n) => join(dirname(file), n));
}

/**
 * Replaces the config file: the previous version is kept as `FILE.ssokit-TIMESTAMP.bak` (the last
 * {@link CONFIG_BACKUPS_KEPT} are kept), and the new text is written atomically (temp file in the
 * same directory, fsync, rename), 0600. A crash at any point leaves the complete old or the
 * complete new file.
 */
export async function writeConfigText(
  file: string,
  text: string,
  previous: string,
  now: () => Date = () => new Date(),
): Promise<string | undefined> {
  const { ensurePrivateDir, writePrivateFileAtomic } = await import('@ssokit/token-core/files');
  await ensurePrivateDir(dirname(file), { debug: () => {}, warn: () => {} });
  let backup: string | undefined;
  if (previous !== '') {
    const at = now();
    for (let attempt = 0; !backup; attempt++) {
      const candidate = backupName(file, at, attempt);
      try {
        await copyFile(file, candidate, constants.COPYFILE_EXCL);
        backup = candidate;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw e;
      }
    }
  }
  await writePrivateFileAtomic(file, text);
  if (backup) {
    const all = await listConfigBackups(file);
    await Promise.all(
      all.slice(0, Math.max(0, all.length - CONFIG_BACKUPS_KEPT)).map((old) => unlink(old).catch(() => {})),
    );
  }
  return backup;
}

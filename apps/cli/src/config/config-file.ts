import { copyFile, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads the config file's text; '' when it does not exist yet. */
export async function readConfigText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/**
 * Replaces the config file: the previous version is kept as `FILE.ssokit.bak`, and the new text is
 * written atomically (temp file in the same directory, fsync, rename), 0600 in a 0700 directory.
 * A crash at any point leaves the complete old or the complete new file.
 */
export async function writeConfigText(
  file: string,
  text: string,
  previous: string,
): Promise<string | undefined> {
  const { ensurePrivateDir, writePrivateFileAtomic } = await import('@ssokit/token-core');
  await ensurePrivateDir(dirname(file), { debug: () => {}, warn: () => {} });
  let backup: string | undefined;
  if (previous !== '') {
    backup = `${file}.ssokit.bak`;
    await copyFile(file, backup);
  }
  await writePrivateFileAtomic(file, text);
  return backup;
}

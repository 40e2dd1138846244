// The command a `credential_process` line runs to reach ssokit. The AWS CLI and botocore split the
// line shell-style and look the first word up on PATH; the AWS SDK for JavaScript hands it to a shell.
// `ssokit` alone works only where that lookup finds it: otherwise the line names the Node binary and
// the script of the running CLI by absolute path, which works on this machine whatever PATH is.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where `name` is found on `env`'s PATH (with PATHEXT on Windows), as a shell finds it; or undefined. */
export function findOnPath(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const dirs = (env['PATH'] ?? env['Path'] ?? '').split(delimiter).filter((d) => d !== '');
  const extensions = platform === 'win32' ? (env['PATHEXT'] ?? '.COM;.EXE;.BAT;.CMD').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const file = join(dir, `${name}${ext}`);
      try {
        accessSync(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
        if (statSync(file).isFile()) return file;
      } catch {}
    }
  }
  return undefined;
}

/** Characters a POSIX shell and Python's shlex read as part of a word without quoting. */
const PLAIN_WORD = /^[A-Za-z0-9_./@%+=:,-]+$/;

/** `word` as one shell word: as it is when plain, else single-quoted; undefined when it cannot be written safely. */
function shellWord(word: string): string | undefined {
  if (PLAIN_WORD.test(word)) return word;
  // a newline would end the config line; a single quote cannot appear inside single quotes
  if (/['\0\r\n]/.test(word)) return undefined;
  return `'${word}'`;
}

/** What to write before ` credentials …`, and a warning for the person when it is not plain `ssokit`. */
export interface SsokitCommand {
  command: string;
  warning?: string;
}

/**
 * The command for `credential_process` lines: `ssokit` when PATH finds one, else the absolute paths
 * of Node (`execPath`) and of the running CLI's script (`script`, process.argv[1]), with a warning.
 */
export function ssokitCommand(
  env: Readonly<Record<string, string | undefined>>,
  { script = process.argv[1], execPath = process.execPath }: { script?: string; execPath?: string } = {},
): SsokitCommand {
  if (findOnPath('ssokit', env)) return { command: 'ssokit' };
  const words = script && isAbsolute(script) ? [shellWord(execPath), shellWord(script)] : [undefined];
  if (words.some((w) => w === undefined)) {
    return {
      command: 'ssokit',
      warning:
        '`ssokit` is not on your PATH, so the credential_process lines written (`ssokit credentials …`) will not run until it is: install it with `npm install -g` (see the README) or add its folder to PATH',
    };
  }
  const command = words.join(' ');
  return {
    command,
    warning: `\`ssokit\` is not on your PATH: the credential_process lines run \`${command}\` instead. Install ssokit with \`npm install -g\` (see the README) or add its folder to PATH, then run this again for \`ssokit credentials …\` lines.`,
  };
}

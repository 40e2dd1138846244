import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment variables that decide the home directory.
 *
 * @example
 * ```ts
 * resolveHomeDir({ USERPROFILE: 'C:\\Users\\me' });
 * ```
 */
export type HomeEnv = Readonly<Record<string, string | undefined>>;

/**
 * The home directory the AWS tools use: `HOME`, then `USERPROFILE`, then `HOMEDRIVE`+`HOMEPATH`,
 * then `os.homedir()`.
 *
 * @example
 * ```ts
 * resolveHomeDir({ HOME: '/tmp/h' }); // '/tmp/h'
 * ```
 */
export function resolveHomeDir(env: HomeEnv = process.env): string {
  if (env['HOME']) return env['HOME'];
  if (env['USERPROFILE']) return env['USERPROFILE'];
  if (env['HOMEPATH']) return `${env['HOMEDRIVE'] ?? 'C:'}${env['HOMEPATH']}`;
  return homedir();
}

/**
 * The directory AWS CLI v2 and the SDKs keep SSO tokens and client registrations in:
 * `~/.aws/sso/cache`.
 *
 * @example
 * ```ts
 * ssoCacheDir('/home/me'); // '/home/me/.aws/sso/cache'
 * ```
 */
export function ssoCacheDir(homeDir: string = resolveHomeDir()): string {
  return join(homeDir, '.aws', 'sso', 'cache');
}

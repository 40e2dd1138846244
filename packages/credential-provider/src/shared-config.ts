import { isAbsolute, join, resolve } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ParsedIniData } from '@smithy/types';
import { readTextFile, resolveHomeDir } from '@ssokit/token-core/files';
import { ProfileConfigError } from './errors.js';

/** Where to read the shared config from. Every member has the default the AWS tools use. */
export interface SharedConfigOptions {
  /** The config file; default `AWS_CONFIG_FILE`, else `~/.aws/config`. */
  configFile?: string | undefined;
  /** The environment to read `AWS_CONFIG_FILE`, `AWS_PROFILE` and the home variables from; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The home directory; default as token-core resolves it (`HOME`, `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH`, `os.homedir()`). */
  homeDir?: string | undefined;
}

/**
 * The config file the AWS tools read: the `configFile` option, then `AWS_CONFIG_FILE`, then
 * `~/.aws/config`. A leading `~/` is expanded against the home directory, as the SDK does.
 *
 * @example
 * ```ts
 * configFilePath({ env: { HOME: '/home/me' } });                        // '/home/me/.aws/config'
 * configFilePath({ env: { AWS_CONFIG_FILE: '~/cfg', HOME: '/home/me' } }); // '/home/me/cfg'
 * ```
 */
export function configFilePath(options: SharedConfigOptions = {}): string {
  const env = options.env ?? process.env;
  const home = () => options.homeDir ?? resolveHomeDir(env);
  const given = options.configFile || env['AWS_CONFIG_FILE'];
  if (!given) return join(home(), '.aws', 'config');
  if (given.startsWith('~/') || given.startsWith('~\\')) return join(home(), given.slice(2));
  return isAbsolute(given) ? given : resolve(given);
}

/** The parsed config file, in the shape `@smithy/shared-ini-file-loader` gives it. */
export interface LoadedConfig {
  /** The file that was read. */
  file: string;
  /** Whether the file exists. */
  exists: boolean;
  /** Sections keyed as the SDK keys them: `default`, profile names, `sso-session.NAME`, `services.NAME`. */
  sections: ParsedIniData;
}

/** The `sso-session.` / `services.` key prefixes the SDK's loader gives non-profile sections. */
export const SSO_SESSION_PREFIX = 'sso-session.';
/** See {@link SSO_SESSION_PREFIX}. */
export const SERVICES_PREFIX = 'services.';

/**
 * Reads and parses the config file with AWS's own loader, so a file means to us exactly what it
 * means to AWS SDK v3. A missing file is an empty config; an unreadable one is an error.
 */
export async function loadConfig(
  options: SharedConfigOptions,
  profile: string | undefined,
): Promise<LoadedConfig> {
  const file = configFilePath(options);
  // The loader also reads a credentials file; point it at the config file so it never touches
  // ~/.aws/credentials (which holds secrets we have no use for). ignoreCache: the loader keeps a
  // process-wide cache of file contents, and a config edited between two calls must be seen.
  const { configFile } = await loadSharedConfigFiles({
    configFilepath: file,
    filepath: file,
    ignoreCache: true,
  });
  const sections = configFile as ParsedIniData;
  if (Object.keys(sections).length > 0) return { file, exists: true, sections };
  // The loader swallows every read error; find out which one it was.
  const read = await readTextFile(file);
  if ('missing' in read) return { file, exists: false, sections: {} };
  if ('error' in read) {
    throw new ProfileConfigError(
      `Could not read the AWS config file ${file} (${read.error}). Check that it is a file you can read, or set AWS_CONFIG_FILE.`,
      { problem: 'unreadable', profile, file },
    );
  }
  return { file, exists: true, sections: {} };
}

/** A section of the loaded config, or `undefined` (never an inherited property such as `constructor`). */
export function sectionOf(
  config: LoadedConfig,
  key: string,
): Readonly<Record<string, string | undefined>> | undefined {
  return Object.hasOwn(config.sections, key) ? config.sections[key] : undefined;
}

/** Names of the profiles in a loaded config, in file order. */
export function profileNames(config: LoadedConfig): string[] {
  return Object.keys(config.sections).filter(
    (k) => !k.startsWith(SSO_SESSION_PREFIX) && !k.startsWith(SERVICES_PREFIX),
  );
}

/** Names of the `[sso-session NAME]` sections in a loaded config, in file order. */
export function ssoSessionNames(config: LoadedConfig): string[] {
  return Object.keys(config.sections)
    .filter((k) => k.startsWith(SSO_SESSION_PREFIX))
    .map((k) => k.slice(SSO_SESSION_PREFIX.length));
}

/** A config value with surrounding whitespace removed; empty counts as unset. */
export function configValue(
  section: Readonly<Record<string, string | undefined>> | undefined,
  key: string,
): string | undefined {
  if (!section || !Object.hasOwn(section, key)) return undefined;
  const v = section[key]?.trim();
  return v ? v : undefined;
}

/** `sso_registration_scopes` is comma-separated ([design notes, Shared configuration](../../../apps/docs/guides/design.md#shared-configuration)). */
export function parseScopes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const scopes = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return scopes.length > 0 ? scopes : undefined;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

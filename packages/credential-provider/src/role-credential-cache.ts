import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ValidationError } from '@ssokit/protocol/core';
import {
  CacheDirectory,
  type CacheLocationOptions,
  type Clock,
  type Decoded,
  formatTimestamp,
  type Logger,
  parseTimestamp,
  pythonJsonDumps,
  ROLE_CREDENTIALS_MIN_REMAINING_MS,
  resolveHomeDir,
  silentLogger,
} from '@ssokit/token-core/files';

/** What AWS CLI v2 keys a cached set of role credentials on. */
export interface RoleCacheKeyInput {
  accountId: string;
  roleName: string;
  /** The `[sso-session NAME]`; absent (or empty) for a legacy profile, which is keyed by `startUrl`. */
  ssoSession?: string | undefined;
  /** The start URL; used in the key only for legacy profiles. */
  startUrl: string;
}

/**
 * The text botocore's `SSOCredentialFetcher` hashes for its cache key:
 * `json.dumps({"accountId", "roleName", "sessionName" | "startUrl"}, sort_keys=True, separators=(",", ":"))`.
 *
 * @example
 * ```ts
 * roleCredentialCacheKeySource({ accountId: '123456789012', roleName: 'Admin', ssoSession: 'work', startUrl: 'https://x' });
 * // '{"accountId":"123456789012","roleName":"Admin","sessionName":"work"}'
 * ```
 */
export function roleCredentialCacheKeySource(input: RoleCacheKeyInput): string {
  // botocore tests the session name for truthiness, so an empty name falls back to the start URL.
  // Keys are already in Python's sort order: accountId < roleName < sessionName / startUrl.
  const args = input.ssoSession
    ? { accountId: input.accountId, roleName: input.roleName, sessionName: input.ssoSession }
    : { accountId: input.accountId, roleName: input.roleName, startUrl: input.startUrl };
  return pythonJsonDumps(args, { compact: true });
}

/**
 * The role-credential cache file's base name (without `.json`) as AWS CLI v2 computes it: the
 * sha1 hex of {@link roleCredentialCacheKeySource}.
 *
 * @example
 * ```ts
 * roleCredentialCacheKey({ accountId: '123456789012', roleName: 'Admin', ssoSession: 'work', startUrl: 'https://x' });
 * ```
 */
export function roleCredentialCacheKey(input: RoleCacheKeyInput): string {
  return createHash('sha1').update(roleCredentialCacheKeySource(input), 'utf8').digest('hex');
}

/**
 * The directory AWS CLI v2 caches role credentials in: `~/.aws/cli/cache`.
 *
 * @example
 * ```ts
 * roleCredentialCacheDir('/home/me'); // '/home/me/.aws/cli/cache'
 * ```
 */
export function roleCredentialCacheDir(homeDir: string = resolveHomeDir()): string {
  return join(homeDir, '.aws', 'cli', 'cache');
}

/** Role credentials as the cache holds them: an SDK v3 identity that always has a session token and an expiration. */
export interface CachedRoleCredentials extends AwsCredentialIdentity {
  readonly sessionToken: string;
  readonly expiration: Date;
}

/**
 * Options of {@link RoleCredentialCache}: where the directory is (`homeDir`, `cacheDir`, `env`), as
 * for token-core's caches.
 *
 * @example
 * ```ts
 * new RoleCredentialCache({ cacheDir: '/tmp/role-cache', minRemainingMs: 5 * 60_000 });
 * ```
 */
export interface RoleCredentialCacheOptions extends CacheLocationOptions {
  /** @deprecated Use `cacheDir`. */
  dir?: string | undefined;
  /** The time source; only `now()` is used. */
  clock?: Pick<Clock, 'now'> | undefined;
  /** Credentials with less than this left are not served (ms); default 15 min, as botocore. */
  minRemainingMs?: number | undefined;
}

// This file is read on every `credential_process` run, the one hot path where loading zod (tens of
// milliseconds) would cost more than the whole rest of the run, so its shape is checked by hand.
// Only what we use is checked; other members (botocore may add some) are ignored.
interface CacheFileCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
  AccountId?: string;
}

function checkCacheFile(
  json: unknown,
): { ok: true; credentials: CacheFileCredentials } | { ok: false; paths: string[] } {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, paths: ['(root)'] };
  const root = json as Record<string, unknown>;
  if (root['ProviderType'] !== undefined && typeof root['ProviderType'] !== 'string') {
    return { ok: false, paths: ['ProviderType'] };
  }
  const c = root['Credentials'];
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return { ok: false, paths: ['Credentials'] };
  const creds = c as Record<string, unknown>;
  const paths: string[] = [];
  for (const member of ['AccessKeyId', 'SecretAccessKey', 'SessionToken']) {
    const v = creds[member];
    if (typeof v !== 'string' || v.length === 0) paths.push(`Credentials.${member}`);
  }
  if (typeof creds['Expiration'] !== 'string') paths.push('Credentials.Expiration');
  if (creds['AccountId'] !== undefined && typeof creds['AccountId'] !== 'string')
    paths.push('Credentials.AccountId');
  return paths.length > 0
    ? { ok: false, paths }
    : { ok: true, credentials: creds as unknown as CacheFileCredentials };
}

/**
 * The codec of a `~/.aws/cli/cache` file: its `Credentials` (what botocore reads of both the SSO and
 * the assume-role files); a problem never contains the file's content (it holds secrets).
 * @internal
 */
export function parseCacheFile(text: string): Decoded<CachedRoleCredentials> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The SyntaxError quotes part of the text, which may be a secret: report only that it is not JSON.
    return {
      ok: false,
      problem: text.trim() === '' ? 'empty file' : 'not valid JSON (truncated or corrupt)',
    };
  }
  const checked = checkCacheFile(json);
  if (!checked.ok) return { ok: false, problem: `unexpected shape at ${checked.paths.join(', ')}` };
  const c = checked.credentials;
  const expiration = parseTimestamp(c.Expiration);
  if (!expiration) return { ok: false, problem: 'Credentials.Expiration is not a timestamp' };
  return {
    ok: true,
    value: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration,
      ...(c.AccountId ? { accountId: c.AccountId } : {}),
    },
  };
}

/**
 * The credentials of a `~/.aws/cli/cache` file while more than `minRemainingMs` remain (botocore's
 * rule for both its SSO and its assume-role files), else `undefined`.
 * @internal
 */
export async function readFreshCredentials(
  dir: CacheDirectory,
  key: string,
  rule: { clock: Pick<Clock, 'now'>; minRemainingMs: number; logger: Logger },
): Promise<CachedRoleCredentials | undefined> {
  const credentials = await dir.read(key, parseCacheFile);
  if (!credentials) return undefined;
  const remainingMs = credentials.expiration.getTime() - rule.clock.now();
  if (remainingMs <= rule.minRemainingMs) {
    rule.logger.debug('cached credentials expire too soon; not using them', {
      file: dir.fileFor(key),
      remainingMs,
    });
    return undefined;
  }
  return credentials;
}

// The session a role-credential file came from, recorded in the file's extra top-level member
// `SsokitSource` (botocore and AWS CLI v2 read only `ProviderType` and `Credentials`): the
// sso-session name, or the start URL for a legacy profile — what the cache key hashes and cannot
// give back.
type RoleCredentialSource = { sessionName: string } | { startUrl: string };

function sourceOf(session: { ssoSession?: string | undefined; startUrl: string }): RoleCredentialSource {
  // the same truthiness rule as the cache key
  return session.ssoSession ? { sessionName: session.ssoSession } : { startUrl: session.startUrl };
}

// What `aws sso logout` deletes: any JSON object whose ProviderType is "sso", whatever else it holds.
function ssoProviderFile(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return typeof json === 'object' &&
      json !== null &&
      (json as Record<string, unknown>)['ProviderType'] === 'sso'
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The role credentials AWS CLI v2 caches in `~/.aws/cli/cache`, shared with it both ways: the
 * same file names (botocore's key), the same JSON, and botocore's rule of not using credentials
 * with less than 15 minutes left. It lets repeated `credential_process` runs skip the portal.
 *
 * Files are written atomically (temp file, fsync, rename) with mode 0600 in a 0700 directory. A
 * corrupt, empty or truncated file reads as absent, with a warning that names the file but never
 * its content.
 *
 * @example
 * ```ts
 * import { RoleCredentialCache } from '@ssokit/credential-provider';
 * const cache = new RoleCredentialCache();
 * const key = { ssoSession: 'work', startUrl: 'https://my-org.awsapps.com/start', accountId: '123456789012', roleName: 'Admin' };
 * let creds = await cache.get(key);
 * if (!creds) {
 *   // e.g. GetRoleCredentials through the portal client
 *   const fetched = { accessKeyId: 'ASIA…', secretAccessKey: '…', sessionToken: '…', expiration: new Date(Date.now() + 3_600_000) };
 *   await cache.put(key, fetched);
 *   creds = await cache.get(key);
 * }
 * ```
 */
export class RoleCredentialCache {
  /** The directory the files live in. */
  readonly cacheDir: string;
  readonly #dir: CacheDirectory;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #minRemainingMs: number;
  readonly #logger: Logger;

  constructor(options: RoleCredentialCacheOptions = {}) {
    const cacheDir = options.cacheDir ?? options.dir;
    this.#dir = new CacheDirectory(roleCredentialCacheDir, 'role-credential cache file', {
      ...options,
      ...(cacheDir === undefined ? {} : { cacheDir }),
    });
    this.cacheDir = this.#dir.path;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#minRemainingMs = options.minRemainingMs ?? ROLE_CREDENTIALS_MIN_REMAINING_MS;
    this.#logger = options.logger ?? silentLogger;
  }

  /** @deprecated Use `cacheDir`. */
  get dir(): string {
    return this.cacheDir;
  }

  /** The file that holds the credentials for `key`. */
  fileFor(key: RoleCacheKeyInput): string {
    return this.#dir.fileFor(roleCredentialCacheKey(key));
  }

  /**
   * The cached credentials for `key` if more than the minimum remaining time (15 min) is left;
   * otherwise, or when there is no usable file, `undefined`.
   */
  async get(key: RoleCacheKeyInput): Promise<CachedRoleCredentials | undefined> {
    return readFreshCredentials(this.#dir, roleCredentialCacheKey(key), {
      clock: this.#clock,
      minRemainingMs: this.#minRemainingMs,
      logger: this.#logger,
    });
  }

  /** Stores credentials for `key`, replacing any previous file. They need a session token and an expiration. */
  async put(key: RoleCacheKeyInput, credentials: AwsCredentialIdentity): Promise<void> {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
    for (const [member, value] of [
      ['accessKeyId', accessKeyId],
      ['secretAccessKey', secretAccessKey],
      ['sessionToken', sessionToken],
    ] as const) {
      if (typeof value !== 'string' || value.length === 0) {
        throw new ValidationError(`credentials.${member} is required to cache role credentials.`, { member });
      }
    }
    if (!(expiration instanceof Date) || Number.isNaN(expiration.getTime())) {
      throw new ValidationError(
        'credentials.expiration (a valid Date) is required to cache role credentials.',
        {
          member: 'expiration',
        },
      );
    }
    const accountId = credentials.accountId ?? key.accountId;
    // What botocore's JSONFileCache writes (json.dumps with default separators, the insertion order
    // of SSOCredentialFetcher, Expiration as '%Y-%m-%dT%H:%M:%SZ'), plus where it came from, so
    // that signing out of the session finds it (`removeFromSession`).
    const text = pythonJsonDumps({
      ProviderType: 'sso',
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: secretAccessKey,
        SessionToken: sessionToken,
        Expiration: formatTimestamp(expiration),
        AccountId: accountId,
      },
      SsokitSource: sourceOf(key),
    });
    await this.#dir.write(roleCredentialCacheKey(key), text);
  }

  /** Deletes the cached credentials for `key`. Resolves to whether a file was deleted. */
  async remove(key: RoleCacheKeyInput): Promise<boolean> {
    return this.#dir.remove(roleCredentialCacheKey(key));
  }

  /**
   * Deletes every cached credential file that came from SSO (a JSON object with
   * `"ProviderType": "sso"`), as `aws sso logout` does; files of other providers (assume-role) and
   * files that are not JSON stay.
   * Resolves to the number of files deleted.
   */
  async removeAllSso(): Promise<number> {
    return this.#removeSsoFiles(() => true);
  }

  /**
   * Deletes every cached SSO credential file ssokit wrote for a session (marked with its
   * `SsokitSource`), whatever the account and role: the credentials `ssokit logout` must not leave
   * behind. Files the AWS CLI wrote carry no mark; delete those with {@link remove} by key.
   * Resolves to the number of files deleted.
   *
   * @example
   * ```ts
   * const cache = new RoleCredentialCache();
   * await cache.removeFromSession({ ssoSession: 'work', startUrl: 'https://my-org.awsapps.com/start' });
   * ```
   */
  async removeFromSession(session: { ssoSession?: string | undefined; startUrl: string }): Promise<number> {
    const want = sourceOf(session);
    return this.#removeSsoFiles((json) => {
      const got = json['SsokitSource'];
      if (typeof got !== 'object' || got === null) return false;
      const g = got as Record<string, unknown>;
      return 'sessionName' in want ? g['sessionName'] === want.sessionName : g['startUrl'] === want.startUrl;
    });
  }

  async #removeSsoFiles(match: (json: Record<string, unknown>) => boolean): Promise<number> {
    let removed = 0;
    // any name, as `aws sso logout`; a FIFO or a directory is never read (a FIFO would block):
    // the scan warns and skips it
    for (const { file, text } of await this.#dir.scan(/(?:)/)) {
      const json = ssoProviderFile(text);
      if (json && match(json) && (await this.#dir.removeFile(file))) removed++;
    }
    return removed;
  }
}

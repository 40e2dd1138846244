import { createHash } from 'node:crypto';
import type { AwsCredentialIdentity } from '@smithy/types';
import {
  CacheDirectory,
  type Clock,
  type Logger,
  pythonJsonDumps,
  ROLE_CREDENTIALS_MIN_REMAINING_MS,
  silentLogger,
} from '@ssokit/token-core/files';
import {
  type CachedRoleCredentials,
  type RoleCredentialCacheOptions,
  readFreshCredentials,
  roleCredentialCacheDir,
} from '../role-credential-cache.js';

/**
 * The AssumeRole arguments botocore keys its cache on (the call's own arguments, under their API
 * names). `RoleSessionName` is left out when it was generated rather than configured.
 */
export interface AssumeRoleCacheKeyInput {
  RoleArn: string;
  RoleSessionName?: string | undefined;
  ExternalId?: string | undefined;
  DurationSeconds?: number | undefined;
}

/**
 * The text botocore's `AssumeRoleCredentialFetcher` hashes: `json.dumps(kwargs, sort_keys=True)`
 * with Python's default separators, without a generated `RoleSessionName`.
 *
 * @example
 * ```ts
 * assumeRoleCacheKeySource({ RoleArn: 'arn:aws:iam::111122223333:role/Deploy', DurationSeconds: 900 });
 * // '{"DurationSeconds": 900, "RoleArn": "arn:aws:iam::111122223333:role/Deploy"}'
 * ```
 */
export function assumeRoleCacheKeySource(input: AssumeRoleCacheKeyInput): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(input).sort()) {
    const v = input[k as keyof AssumeRoleCacheKeyInput];
    if (v !== undefined) sorted[k] = v;
  }
  return pythonJsonDumps(sorted);
}

/**
 * The cache file's base name for an AssumeRole call, as the AWS CLI computes it: the sha1 hex of
 * {@link assumeRoleCacheKeySource}, with `:` and `/` replaced by `_` (a no-op on hex, kept as
 * botocore has it).
 *
 * @example
 * ```ts
 * assumeRoleCacheKey({ RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'alice' });
 * ```
 */
export function assumeRoleCacheKey(input: AssumeRoleCacheKeyInput): string {
  const hash = createHash('sha1').update(assumeRoleCacheKeySource(input), 'utf8').digest('hex');
  return hash.replace(/[:/]/g, '_');
}

/** What an AssumeRole answer holds that the cache file keeps (the file is the answer itself). */
export interface AssumeRoleResult {
  credentials: CachedRoleCredentials;
  /** `AssumedRoleUser` of the answer: the session's ARN and role id. */
  assumedRoleUser?: { Arn?: string | undefined; AssumedRoleId?: string | undefined } | undefined;
  requestId?: string | undefined;
}

/**
 * AssumeRole results in `~/.aws/cli/cache`, shared with the AWS CLI both ways: botocore's file name
 * ({@link assumeRoleCacheKey}), its file (the AssumeRole answer: `Credentials` with
 * `Expiration` as botocore writes it and the `AccountId` it adds, `AssumedRoleUser`,
 * `ResponseMetadata`), and its rule of not serving credentials with less than 15 minutes left.
 * Written atomically (0600 in a 0700 directory) by token-core's cache plumbing; a broken file reads
 * as absent.
 *
 * @example
 * ```ts
 * const cache = new AssumeRoleCache();
 * const hit = await cache.get({ RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'alice' });
 * ```
 */
export class AssumeRoleCache {
  readonly cacheDir: string;
  readonly #dir: CacheDirectory;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #minRemainingMs: number;
  readonly #logger: Logger;

  constructor(options: Omit<RoleCredentialCacheOptions, 'dir'> = {}) {
    this.#dir = new CacheDirectory(roleCredentialCacheDir, 'assume-role cache file', options);
    this.cacheDir = this.#dir.path;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#minRemainingMs = options.minRemainingMs ?? ROLE_CREDENTIALS_MIN_REMAINING_MS;
    this.#logger = options.logger ?? silentLogger;
  }

  /** The file that holds the result for `key`. */
  fileFor(key: AssumeRoleCacheKeyInput): string {
    return this.#dir.fileFor(assumeRoleCacheKey(key));
  }

  /** The cached credentials for `key` while more than 15 minutes (the minimum) remain. */
  async get(key: AssumeRoleCacheKeyInput): Promise<CachedRoleCredentials | undefined> {
    return readFreshCredentials(this.#dir, assumeRoleCacheKey(key), {
      clock: this.#clock,
      minRemainingMs: this.#minRemainingMs,
      logger: this.#logger,
    });
  }

  /** Stores an AssumeRole result for `key`, replacing any previous file. */
  async put(key: AssumeRoleCacheKeyInput, result: AssumeRoleResult): Promise<void> {
    const c: AwsCredentialIdentity = result.credentials;
    const user = result.assumedRoleUser;
    // botocore's JSONFileCache: json.dumps of the parsed answer, in the API's member order, the
    // Expiration datetime written with strftime('%Y-%m-%dT%H:%M:%S%Z') (UTC), and the AccountId it
    // adds from AssumedRoleUser.Arn.
    const text = pythonJsonDumps({
      Credentials: {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        SessionToken: c.sessionToken,
        Expiration: result.credentials.expiration.toISOString().replace(/\.\d{3}Z$/, 'UTC'),
        AccountId: c.accountId,
      },
      ...(user ? { AssumedRoleUser: { AssumedRoleId: user.AssumedRoleId, Arn: user.Arn } } : {}),
      ...(result.requestId ? { ResponseMetadata: { RequestId: result.requestId } } : {}),
    });
    await this.#dir.write(assumeRoleCacheKey(key), text);
  }

  /** Deletes the cached result for `key`; resolves to whether there was one. */
  remove(key: AssumeRoleCacheKeyInput): Promise<boolean> {
    return this.#dir.remove(assumeRoleCacheKey(key));
  }
}

import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientRegistration } from '@ssokit/oidc-client';
import { GrantType } from '@ssokit/protocol/core';
import { z } from 'zod';
import { type RegistrationKeyInput, registrationCacheKey } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import { CacheWriteError } from './errors.js';
import { ensurePrivateDir, readTextFile, writePrivateFileAtomic } from './file-io.js';
import { type HomeEnv, resolveHomeDir, ssoCacheDir } from './home.js';
import { pythonJsonDumps } from './python-json.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';

const optionalStrings = z.array(z.string()).optional().catch(undefined);
const RegistrationFileSchema = z.looseObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  expiresAt: z.string(),
  scopes: optionalStrings,
  grantTypes: optionalStrings,
});

/**
 * Options of {@link RegistrationCache}.
 *
 * @example
 * ```ts
 * new RegistrationCache({ homeDir: '/tmp/home', minRemainingMs: 60 * 60_000 });
 * ```
 */
export interface RegistrationCacheOptions {
  homeDir?: string | undefined;
  cacheDir?: string | undefined;
  env?: HomeEnv | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
  /** A registration expiring sooner than this is not reused (ms, default 15 min). */
  minRemainingMs?: number | undefined;
}

// Registrations cached without grantTypes were made by tools that only knew the device flow.
const LEGACY_GRANTS: readonly string[] = [GrantType.DEVICE_CODE, GrantType.REFRESH_TOKEN];

/**
 * AWS CLI v2's client-registration cache in `~/.aws/sso/cache`, under the CLI's key
 * ({@link registrationCacheKey}) and with its fields. A registration is returned only when it is
 * unexpired and was registered for every grant type the caller's flow needs.
 *
 * @example
 * ```ts
 * const cache = new RegistrationCache();
 * const key = { region: 'eu-west-1', startUrl, sessionName: 'work', scopes: ['sso:account:access'] };
 * let reg = await cache.get(key, { grantTypes: ['authorization_code', 'refresh_token'] });
 * if (!reg) console.log('none usable: register a client, then cache.put(key, registration)');
 * ```
 */
export class RegistrationCache {
  /** The directory registrations are kept in. */
  readonly cacheDir: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #minRemainingMs: number;

  constructor(options: RegistrationCacheOptions = {}) {
    this.cacheDir =
      options.cacheDir ?? ssoCacheDir(options.homeDir ?? resolveHomeDir(options.env ?? process.env));
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#minRemainingMs = options.minRemainingMs ?? 15 * 60_000;
  }

  /** The file a registration lives in. */
  registrationPath(input: RegistrationKeyInput): string {
    return join(this.cacheDir, `${registrationCacheKey(input)}.json`);
  }

  /** The cached registration for `input`, if it is still valid and made for `grantTypes`. */
  async get(
    input: RegistrationKeyInput,
    options: { grantTypes?: readonly string[] } = {},
  ): Promise<ClientRegistration | undefined> {
    const file = this.registrationPath(input);
    const got = await readTextFile(file, { regularFileOnly: true });
    if (!('text' in got)) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(got.text);
    } catch {
      this.#logger.warn(
        `ignoring the client registration file ${file}: not valid JSON (truncated or corrupt)`,
        {
          file,
        },
      );
      return undefined;
    }
    const parsed = RegistrationFileSchema.safeParse(json);
    const expiresAt = parsed.success ? parseTimestamp(parsed.data.expiresAt) : undefined;
    if (!parsed.success || !expiresAt) {
      this.#logger.warn(`ignoring the client registration file ${file}: not a client registration`, { file });
      return undefined;
    }
    if (expiresAt.getTime() - this.#clock.now() < this.#minRemainingMs) {
      this.#logger.debug('cached client registration expired', { file });
      return undefined;
    }
    const registered = parsed.data.grantTypes ?? LEGACY_GRANTS;
    const wanted = options.grantTypes ?? [];
    if (!wanted.every((g) => registered.includes(g))) {
      this.#logger.debug('cached client registration is for another flow', { file });
      return undefined;
    }
    const reg: ClientRegistration = {
      clientId: parsed.data.clientId,
      clientSecret: parsed.data.clientSecret,
      expiresAt,
    };
    if (parsed.data.scopes) reg.scopes = parsed.data.scopes;
    if (parsed.data.grantTypes) reg.grantTypes = parsed.data.grantTypes;
    return reg;
  }

  /** Stores a registration (atomic, 0600) in the CLI's format. */
  async put(input: RegistrationKeyInput, registration: ClientRegistration): Promise<void> {
    const file = this.registrationPath(input);
    await ensurePrivateDir(this.cacheDir, this.#logger);
    const out: Record<string, unknown> = {
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      expiresAt: formatTimestamp(registration.expiresAt),
    };
    if (registration.scopes?.length) out['scopes'] = registration.scopes;
    if (registration.grantTypes?.length) out['grantTypes'] = registration.grantTypes;
    await writePrivateFileAtomic(file, pythonJsonDumps(out));
    this.#logger.debug('wrote client registration', { file });
  }

  /** Deletes a registration (e.g. after the service rejected it as invalid_client). */
  async remove(input: RegistrationKeyInput): Promise<void> {
    const file = this.registrationPath(input);
    try {
      await unlink(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new CacheWriteError(file, { cause: e });
    }
  }
}

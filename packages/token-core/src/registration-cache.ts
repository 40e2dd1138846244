import type { ClientRegistration } from '@ssokit/oidc-client';
import { GrantType } from '@ssokit/protocol/core';
import { CacheDirectory, type CacheLocationOptions, type Decoded } from './cache-directory.js';
import { type RegistrationKeyInput, registrationCacheKey } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import { ssoCacheDir } from './home.js';
import { isJsonObject, optionalNonEmpty, optionalStrings, optionalTimestamp } from './json-fields.js';
import { pythonJsonDumps } from './python-json.js';
import { formatTimestamp } from './timestamps.js';
import { REGISTRATION_MIN_REMAINING_MS } from './timings.js';

/**
 * Options of {@link RegistrationCache}.
 *
 * @example
 * ```ts
 * new RegistrationCache({ homeDir: '/tmp/home', minRemainingMs: 60 * 60_000 });
 * ```
 */
export interface RegistrationCacheOptions extends CacheLocationOptions {
  clock?: Clock | undefined;
  /** A registration expiring sooner than this is not reused (ms, default 15 min, `REGISTRATION_MIN_REMAINING_MS`). */
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
  readonly #dir: CacheDirectory;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #minRemainingMs: number;

  constructor(options: RegistrationCacheOptions = {}) {
    this.#dir = new CacheDirectory(ssoCacheDir, 'client registration file', options);
    this.cacheDir = this.#dir.path;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#minRemainingMs = options.minRemainingMs ?? REGISTRATION_MIN_REMAINING_MS;
  }

  /** The file a registration lives in. */
  registrationPath(input: RegistrationKeyInput): string {
    return this.#dir.fileFor(registrationCacheKey(input));
  }

  /** The cached registration for `input`, if it is still valid and made for `grantTypes`. */
  async get(
    input: RegistrationKeyInput,
    options: { grantTypes?: readonly string[] } = {},
  ): Promise<ClientRegistration | undefined> {
    const file = this.registrationPath(input);
    const reg = await this.#dir.read(registrationCacheKey(input), decodeRegistration);
    if (!reg) return undefined;
    if (reg.expiresAt.getTime() - this.#clock.now() < this.#minRemainingMs) {
      this.#logger.debug('cached client registration expired', { file });
      return undefined;
    }
    const registered = reg.grantTypes ?? LEGACY_GRANTS;
    const wanted = options.grantTypes ?? [];
    if (!wanted.every((g) => registered.includes(g))) {
      this.#logger.debug('cached client registration is for another flow', { file });
      return undefined;
    }
    return reg;
  }

  /** Stores a registration (atomic, 0600) in the CLI's format. */
  async put(input: RegistrationKeyInput, registration: ClientRegistration): Promise<void> {
    const out: Record<string, unknown> = {
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      expiresAt: formatTimestamp(registration.expiresAt),
    };
    if (registration.scopes?.length) out['scopes'] = registration.scopes;
    if (registration.grantTypes?.length) out['grantTypes'] = registration.grantTypes;
    await this.#dir.write(registrationCacheKey(input), pythonJsonDumps(out));
    this.#logger.debug('wrote client registration', { file: this.registrationPath(input) });
  }

  /** Deletes a registration (e.g. after the service rejected it as invalid_client). */
  async remove(input: RegistrationKeyInput): Promise<void> {
    await this.#dir.remove(registrationCacheKey(input));
  }
}

// The registration file's codec: AWS CLI v2's fields; the problem never quotes the content.
/** @internal Exported for the exactness test. */
export function decodeRegistration(text: string): Decoded<ClientRegistration> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not valid JSON (truncated or corrupt)' };
  }
  // clientId, clientSecret (non-empty) and expiresAt are required; scopes and grantTypes of the
  // wrong type are dropped.
  const notRegistration = { ok: false, problem: 'not a client registration' } as const;
  if (!isJsonObject(json)) return notRegistration;
  const clientId = optionalNonEmpty(json['clientId']);
  const clientSecret = optionalNonEmpty(json['clientSecret']);
  const expiresAt = optionalTimestamp(json['expiresAt']);
  if (clientId === undefined || clientSecret === undefined || !expiresAt) return notRegistration;
  const reg: ClientRegistration = { clientId, clientSecret, expiresAt };
  const scopes = optionalStrings(json['scopes']);
  if (scopes) reg.scopes = scopes;
  const grantTypes = optionalStrings(json['grantTypes']);
  if (grantTypes) reg.grantTypes = grantTypes;
  return { ok: true, value: reg };
}

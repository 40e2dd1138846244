import type { SsoOidcClient, SsoOidcClientOptions } from '@ssokit/oidc-client';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import { createLoginHandler, type LoginOptions } from './login-handler.js';
import { createOidcRefresher, loadOidc, type OidcClientFor } from './oidc-refresher.js';
import { RegistrationCache } from './registration-cache.js';
import { SessionManager } from './session-manager.js';
import type { LoginHandler, LoginOutcome, SessionManagerOptions } from './session-types.js';
import type { SsoSessionRef, SsoToken } from './token.js';
import { FileTokenStore, type TokenStore } from './token-store.js';

/** Options of {@link SsoAuth}. */
export interface SsoAuthOptions extends Omit<SessionManagerOptions, 'store' | 'refresher'> {
  /** Home directory (default: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then os.homedir(), as the AWS CLI). */
  homeDir?: string | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
  store?: TokenStore | undefined;
  registrations?: RegistrationCache | undefined;
  /** Options for the sso-oidc clients (endpoint overrides, dispatcher, timeouts), or a factory. */
  oidc?: Omit<SsoOidcClientOptions, 'region'> | OidcClientFor | undefined;
}

/**
 * Everything a tool needs for sessions, composed: AWS CLI-compatible token and registration caches,
 * a {@link SessionManager} that refreshes through sso-oidc, and sign-in with the device or PKCE flow
 * under the session's cross-process lock (one browser window, however many processes ask).
 *
 * @example
 * ```ts
 * const auth = new SsoAuth();
 * const session = { ssoSession: 'work', startUrl: 'https://my-org.awsapps.com/start', region: 'eu-west-1' };
 * const token = await auth.getAccessToken(session, { login: { onDevicePrompt: (p) => console.error(p.verificationUriComplete) } });
 * await auth.close();
 * ```
 */
export class SsoAuth {
  readonly store: TokenStore;
  readonly registrations: RegistrationCache;
  readonly manager: SessionManager;
  readonly #clients = new Map<string, Promise<SsoOidcClient>>();
  readonly #clientFor: OidcClientFor;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(options: SsoAuthOptions = {}) {
    const { homeDir, env, store, registrations, oidc, ...managerOptions } = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    const where = { homeDir, env, clock: this.#clock, logger: this.#logger };
    this.store = store ?? new FileTokenStore(where);
    this.registrations = registrations ?? new RegistrationCache(where);
    this.#clientFor =
      typeof oidc === 'function'
        ? oidc
        : (region) => {
            // one client per region, also when two callers ask at once
            let client = this.#clients.get(region);
            if (!client) {
              client = loadOidc().then(
                ({ SsoOidcClient }) =>
                  new SsoOidcClient({
                    clock: this.#clock,
                    logger: this.#logger,
                    ...(env ? { env } : {}),
                    ...oidc,
                    region,
                  }),
              );
              this.#clients.set(region, client);
            }
            return client;
          };
    this.manager = new SessionManager({
      ...managerOptions,
      store: this.store,
      refresher: createOidcRefresher(this.#clientFor, this.#clock),
    });
  }

  /** The sso-oidc client this instance uses for a region. */
  async oidcClient(region: string): Promise<SsoOidcClient> {
    return this.#clientFor(region);
  }

  /**
   * A valid access token: cached, refreshed, or (when `login` is given) from a new sign-in. Without
   * `login`, a session that needs one throws a `LoginRequiredError` naming the command to run.
   */
  getAccessToken(
    session: SsoSessionRef,
    options: {
      login?: LoginOptions | undefined;
      signal?: AbortSignal | undefined;
      profile?: string | undefined;
    } = {},
  ): Promise<SsoToken> {
    return this.manager.getAccessToken(session, {
      ...(options.login ? { login: this.loginHandler(options.login, options.profile) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
    });
  }

  /**
   * The login handler these options describe, bound to this instance's clients and caches;
   * `profile` is named in the default device-code prompt.
   */
  loginHandler(options: LoginOptions, profile?: string): LoginHandler {
    return createLoginHandler({
      ...options,
      ...(profile === undefined ? {} : { profile }),
      clientFor: this.#clientFor,
      registrations: this.registrations,
      clock: this.#clock,
    });
  }

  /**
   * Signs a session in ({@link SessionManager.signIn} with {@link SsoAuth.loginHandler}). Unless `force`, a
   * valid and refreshable session is kept (no browser). The sign-in runs under the session's lock;
   * a process that waited for the lock and finds a session another process just created uses it
   * instead of signing in again.
   */
  login(
    session: SsoSessionRef,
    options: LoginOptions & {
      force?: boolean | undefined;
      signal?: AbortSignal | undefined;
      profile?: string | undefined;
    } = {},
  ): Promise<LoginOutcome> {
    const { force, signal, profile, ...login } = options;
    return this.manager.signIn(session, { login: this.loginHandler(login, profile), force, signal });
  }

  /** Closes the sso-oidc clients this instance created. */
  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map(async (c) => (await c).close()));
    this.#clients.clear();
  }
}

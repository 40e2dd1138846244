import type {
  ClientRegistration,
  DeviceCodePrompt,
  DevicePollInfo,
  LoginFlow,
  LoginFlowChoice,
  SsoOidcClient,
  SsoOidcClientOptions,
} from '@ssokit/oidc-client';
import { DEFAULT_SCOPE, ErrorCode, GrantType, SsokitError, withRedactedInspect } from '@ssokit/protocol/core';
import type { RegistrationKeyInput } from './cache-keys.js';
import { type Clock, type Logger, silentLogger, systemClock } from './deps.js';
import { RegistrationCache } from './registration-cache.js';
import {
  type LoginHandler,
  SessionManager,
  type SessionManagerOptions,
  type TokenRefresher,
} from './session-manager.js';
import { canRefresh, type SsoSessionRef, type SsoToken } from './token.js';
import { FileTokenStore, type TokenStore } from './token-store.js';

/** Gives the sso-oidc client for a region. */
export type OidcClientFor = (region: string) => SsoOidcClient | Promise<SsoOidcClient>;

// The network stack (oidc-client, transport, undici) is loaded only when a refresh or a sign-in
// happens: reading a valid cached token, the common case, must stay cheap (credential_process).
const loadOidc = () => import('@ssokit/oidc-client');

/**
 * A {@link TokenRefresher} that refreshes through sso-oidc CreateToken (refresh_token grant). The
 * old refresh token is kept when the response has none (RFC 6749 §6).
 *
 * @example
 * ```ts
 * const manager = new SessionManager({ store, refresher: createOidcRefresher((region) => new SsoOidcClient({ region })) });
 * ```
 */
export function createOidcRefresher(clientFor: OidcClientFor, clock: Clock = systemClock): TokenRefresher {
  return async (session, token, signal) => {
    if (!token.refreshToken || !token.clientId || !token.clientSecret) {
      throw new SsokitError(
        ErrorCode.INVALID_INPUT,
        'the cached token has no refresh token or client registration',
      );
    }
    const { refreshToken } = await loadOidc();
    const fresh = await refreshToken({
      client: await clientFor(session.region),
      registration: { clientId: token.clientId, clientSecret: token.clientSecret },
      refreshToken: token.refreshToken,
      clock,
      ...(signal ? { signal } : {}),
    });
    return {
      ...token,
      accessToken: fresh.accessToken,
      expiresAt: fresh.expiresAt,
      refreshToken: fresh.refreshToken ?? token.refreshToken,
    };
  };
}

/** How to sign in when a login is needed. Every callback is optional. */
export interface LoginOptions {
  /** Force a flow; default: {@link @ssokit/oidc-client!chooseLoginFlow} (PKCE unless the browser cannot reach 127.0.0.1). */
  flow?: LoginFlow | undefined;
  /** Told which flow was chosen and why (e.g. "SSH session: using the device code"). */
  onFlowChosen?: ((choice: LoginFlowChoice) => void) | undefined;
  /** Device flow: show the URL and code to the person. */
  onDevicePrompt?: ((prompt: DeviceCodePrompt) => void | Promise<void>) | undefined;
  /** Device flow: each pending / slow_down answer. */
  onPoll?: ((info: DevicePollInfo) => void) | undefined;
  /** PKCE flow: opens the authorize URL (default: the system browser). */
  openBrowser?: ((url: string) => Promise<void>) | undefined;
  /** PKCE flow: told the authorize URL before the browser opens. */
  onAuthorizeUrl?: ((url: string) => void) | undefined;
  /** Client name to register with (default `ssokit`). */
  clientName?: string | undefined;
  /** PKCE flow: how long to wait for the browser (ms, default 10 min). */
  timeoutMs?: number | undefined;
}

/** The registration scopes of a session: its own, the refreshable default for sso-sessions, none for legacy. */
export function registrationScopesOf(session: SsoSessionRef): string[] | undefined {
  if (!session.ssoSession) return undefined;
  return session.scopes && session.scopes.length > 0 ? [...session.scopes] : [DEFAULT_SCOPE];
}

function registrationKeyOf(session: SsoSessionRef): RegistrationKeyInput {
  return {
    region: session.region,
    startUrl: session.startUrl,
    scopes: registrationScopesOf(session) ?? null,
    sessionName: session.ssoSession ?? null,
  };
}

const FLOW_GRANTS: Record<LoginFlow, readonly string[]> = {
  pkce: [GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN],
  'device-code': [GrantType.DEVICE_CODE],
};

/**
 * A {@link LoginHandler} that signs in with the device-code or PKCE flow, reusing the cached client
 * registration of the same flow (AWS CLI v2's registration cache) and caching a new one.
 *
 * @example
 * ```ts
 * const login = createLoginHandler({ clientFor: (region) => new SsoOidcClient({ region }), registrations: new RegistrationCache(), onDevicePrompt: (p) => console.error(p.verificationUriComplete) });
 * await manager.getAccessToken(session, { login });
 * ```
 */
export function createLoginHandler(
  options: LoginOptions & {
    clientFor: OidcClientFor;
    registrations: RegistrationCache;
    clock?: Clock | undefined;
  },
): LoginHandler {
  const clock = options.clock ?? systemClock;
  return async (session, signal) => {
    const { authorizationCodeFlow, chooseLoginFlow, deviceCodeFlow } = await loadOidc();
    const choice: LoginFlowChoice = options.flow
      ? {
          flow: options.flow,
          reason: options.flow === 'pkce' ? 'asked for the browser flow' : 'asked for the device code',
        }
      : chooseLoginFlow({});
    options.onFlowChosen?.(choice);
    const client = await options.clientFor(session.region);
    const key = registrationKeyOf(session);
    const cached = await options.registrations.get(key, { grantTypes: FLOW_GRANTS[choice.flow] });
    const scopes = registrationScopesOf(session) ?? [];
    const common = {
      client,
      startUrl: session.startUrl,
      scopes,
      clock,
      ...(cached ? { registration: cached } : {}),
      ...(options.clientName ? { clientName: options.clientName } : {}),
      ...(signal ? { signal } : {}),
    };
    const result =
      choice.flow === 'pkce'
        ? await authorizationCodeFlow({
            ...common,
            ...(options.openBrowser ? { openBrowser: options.openBrowser } : {}),
            ...(options.onAuthorizeUrl ? { onAuthorizeUrl: options.onAuthorizeUrl } : {}),
            ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          })
        : await deviceCodeFlow({
            ...common,
            onPrompt: options.onDevicePrompt ?? (() => {}),
            ...(options.onPoll ? { onPoll: options.onPoll } : {}),
          });
    if (result.registration.clientId !== cached?.clientId)
      await options.registrations.put(key, result.registration);
    return tokenFromLogin(session, result.token, result.registration);
  };
}

function tokenFromLogin(
  session: SsoSessionRef,
  token: { accessToken: string; expiresAt: Date; refreshToken?: string | undefined },
  registration: ClientRegistration,
): SsoToken {
  const out: SsoToken = {
    startUrl: session.startUrl,
    region: session.region,
    accessToken: token.accessToken,
    expiresAt: token.expiresAt,
  };
  // Like AWS CLI v2: only sso-session tokens carry what a refresh needs; legacy tokens never refresh.
  if (session.ssoSession) {
    out.clientId = registration.clientId;
    out.clientSecret = registration.clientSecret;
    out.registrationExpiresAt = registration.expiresAt;
    if (token.refreshToken) out.refreshToken = token.refreshToken;
  }
  return out;
}

/** Options of {@link SsoAuth}. */
export interface SsoAuthOptions extends Omit<SessionManagerOptions, 'store' | 'refresher'> {
  /** Home directory (default per SPEC: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, os.homedir()). */
  homeDir?: string | undefined;
  env?: Readonly<Record<string, string | undefined>> | undefined;
  store?: TokenStore | undefined;
  registrations?: RegistrationCache | undefined;
  /** Options for the sso-oidc clients (endpoint overrides, dispatcher, timeouts), or a factory. */
  oidc?: Omit<SsoOidcClientOptions, 'region'> | OidcClientFor | undefined;
}

/** The outcome of {@link SsoAuth.login}. */
export interface LoginOutcome {
  token: SsoToken;
  /** True when a valid, refreshable session existed and no sign-in happened. */
  reused: boolean;
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
      ...(options.login ? { login: this.loginHandler(options.login) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
    });
  }

  /** The login handler these options describe, bound to this instance's clients and caches. */
  loginHandler(options: LoginOptions): LoginHandler {
    return createLoginHandler({
      ...options,
      clientFor: this.#clientFor,
      registrations: this.registrations,
      clock: this.#clock,
    });
  }

  /**
   * Signs a session in. Unless `force`, a valid and refreshable session is kept (no browser). The
   * sign-in runs under the session's lock; a process that waited for the lock and finds a session
   * another process just created uses it instead of signing in again.
   */
  async login(
    session: SsoSessionRef,
    options: LoginOptions & { force?: boolean | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<LoginOutcome> {
    const minimum = 5 * 60_000;
    const usable = (t: SsoToken | undefined): t is SsoToken =>
      !!t && t.expiresAt.getTime() - this.#clock.now() > minimum && canRefresh(t, this.#clock.now());
    const before = await this.store.read(session);
    if (!options.force && usable(before)) return { token: withRedactedInspect(before), reused: true };
    const handler = this.loginHandler(options);
    const outcome = await this.store.lock(
      session,
      async () => {
        const current = await this.store.read(session);
        // someone else signed in while we waited for the lock
        if (usable(current) && current.accessToken !== before?.accessToken)
          return { token: current, reused: true };
        const token = await handler(session, options.signal);
        await this.store.write(session, token);
        this.manager.emit('logged-in', { session, expiresAt: token.expiresAt });
        return { token, reused: false };
      },
      // waiters that will not sign in themselves (credential_process) stop waiting for a person
      { activity: 'sign-in', ...(options.signal ? { signal: options.signal } : {}) },
    );
    return { ...outcome, token: withRedactedInspect(outcome.token) };
  }

  /** Closes the sso-oidc clients this instance created. */
  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map(async (c) => (await c).close()));
    this.#clients.clear();
  }
}

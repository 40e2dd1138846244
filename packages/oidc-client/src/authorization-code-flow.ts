import { randomUUID } from 'node:crypto';
import { type Clock, DEFAULT_SCOPE, GrantType, systemClock } from '@ssokit/protocol/core';
import { importOptional, MissingDependencyError } from '@ssokit/transport';
import { startCallbackServer } from './callback-server.js';
import type { LoginResult } from './device-code-flow.js';
import { LoginError, LoginErrorCode } from './errors.js';
import {
  abortError,
  normaliseAbort,
  type RegistrationSource,
  resolveRegistration,
  throwIfAborted,
  validateFlowOptions,
} from './flow-common.js';
import { buildAuthorizeUrl, createPkcePair } from './pkce.js';
import type { SsoOidcClient } from './sso-oidc-client.js';
import { toOidcToken } from './token.js';

/**
 * Options of {@link authorizationCodeFlow}.
 *
 * @example
 * ```ts
 * const opts: AuthorizationCodeFlowOptions = { client, startUrl, onAuthorizeUrl: (u) => console.error(`Open ${u}`) };
 * ```
 */
export interface AuthorizationCodeFlowOptions {
  client: SsoOidcClient;
  /** The AWS access portal URL (`sso_start_url`); registered as the issuer URL. */
  startUrl: string;
  /** A registration to reuse (must be a PKCE one), or a function returning one. */
  registration?: RegistrationSource;
  /** Registration (and authorize) scopes. Default `['sso:account:access']`. */
  scopes?: string[];
  /** Client name when registering. Default `ssokit`. */
  clientName?: string;
  /**
   * Opens the URL in a browser. Default: the system browser through the `open` package, an optional
   * peer dependency (`npm install open`); without it and without `onAuthorizeUrl` the flow throws a
   * `MissingDependencyError` saying so.
   */
  openBrowser?: (url: string) => Promise<void>;
  /** Called with the URL before the browser opens, so it can be shown for manual use. */
  onAuthorizeUrl?: (url: string) => void;
  /** How long to wait for the browser to come back, ms. Default 600000 (10 min). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Interface of the callback server. Default `127.0.0.1`. */
  host?: string;
  /** Fixed port of the callback server (e.g. forwarded over SSH). Default: a free one. */
  redirectPort?: number;
  clock?: Clock;
  /** Numbers in [0, 1) for the PKCE verifier (tests). Default: `crypto.randomBytes`. */
  random?: () => number;
}

async function defaultOpenBrowser(url: string): Promise<void> {
  const { default: open } = await importOptional(
    'open',
    'Opening the browser for sign-in',
    () => import('open'),
  );
  await open(url);
}

/**
 * Authorization-code sign-in with PKCE (RFC 7636), as AWS CLI v2 does by default: registers a
 * PKCE client (or reuses one), starts a one-shot callback server on 127.0.0.1, opens the
 * `/authorize` URL, checks `state` on the way back, and exchanges the code with the verifier.
 *
 * @throws `ValidationError` (`ERR_SSOKIT_INVALID_INPUT`) before any request when `startUrl` is not a
 * start URL (such as `https://my-org.awsapps.com/start`) or `client` is not a client.
 * @throws {@link LoginError} `ERR_SSOKIT_ACCESS_DENIED`, `ERR_SSOKIT_STATE_MISMATCH`, `ERR_SSOKIT_LOGIN_TIMEOUT`, `ERR_SSOKIT_ABORTED`, `ERR_SSOKIT_BROWSER_OPEN_FAILED`, `ERR_SSOKIT_AUTHORIZATION_FAILED`.
 * @throws `ServiceError` when the token exchange fails (e.g. `InvalidGrantException`).
 * @throws `MissingDependencyError` (`ERR_SSOKIT_MISSING_DEPENDENCY`) when the default opener's `open`
 * package is not installed and no `onAuthorizeUrl` shows the URL.
 *
 * @example
 * ```ts
 * import { SsoOidcClient, authorizationCodeFlow } from '@ssokit/oidc-client';
 *
 * const client = new SsoOidcClient({ region: 'us-east-1' });
 * const { token, registration } = await authorizationCodeFlow({
 *   client,
 *   startUrl: 'https://d-1234567890.awsapps.com/start',
 *   onAuthorizeUrl: (url) => console.error(`If no browser opens, visit:\n${url}`),
 * });
 * ```
 */
export async function authorizationCodeFlow(opts: AuthorizationCodeFlowOptions): Promise<LoginResult> {
  const { client, signal } = opts;
  const flow = 'pkce';
  const clock = opts.clock ?? systemClock;
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const scopes = opts.scopes ?? [DEFAULT_SCOPE];
  validateFlowOptions(flow, opts, {
    openBrowser: { value: opts.openBrowser, required: false, example: 'openBrowser: (url) => open(url)' },
    onAuthorizeUrl: {
      value: opts.onAuthorizeUrl,
      required: false,
      example: 'onAuthorizeUrl: (url) => console.error(url)',
    },
  });
  throwIfAborted(flow, signal);
  try {
    const registration = await resolveRegistration({
      client,
      flow,
      registration: opts.registration,
      scopes,
      clientName: opts.clientName,
      issuerUrl: opts.startUrl,
      now: clock.now(),
      signal,
    });
    const pkce = createPkcePair(opts.random);
    const state = randomUUID();
    const server = await startCallbackServer({
      state,
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.redirectPort ? { port: opts.redirectPort } : {}),
    });
    const giveUp = new AbortController();
    try {
      const url = buildAuthorizeUrl({
        endpoint: client.endpoint,
        clientId: registration.clientId,
        redirectUri: server.redirectUri,
        state,
        codeChallenge: pkce.challenge,
        scopes,
      });
      opts.onAuthorizeUrl?.(url);
      const opened = (opts.openBrowser ?? defaultOpenBrowser)(url).then(
        () => undefined,
        (cause: unknown) => {
          // The URL was shown, so the person can still open it by hand.
          if (opts.onAuthorizeUrl) return undefined;
          if (cause instanceof MissingDependencyError) throw cause;
          throw new LoginError(
            LoginErrorCode.BROWSER_OPEN_FAILED,
            'Could not open a browser for the sign-in. Use the device code flow (e.g. `--use-device-code`) or pass onAuthorizeUrl to show the URL.',
            { flow, cause },
          );
        },
      );
      const timeout = clock.sleep(timeoutMs, giveUp.signal).then(() => {
        if (server.rejectedCallbacks > 0) {
          throw new LoginError(
            LoginErrorCode.STATE_MISMATCH,
            `The browser came back only with responses for another sign-in (state mismatch, ${server.rejectedCallbacks} turned away) within ${Math.round(timeoutMs / 1000)} s. Close old sign-in tabs and run the login again.`,
            { flow },
          );
        }
        throw new LoginError(
          LoginErrorCode.LOGIN_TIMEOUT,
          `Nobody finished the sign-in in the browser within ${Math.round(timeoutMs / 1000)} s. Run the login again, or use the device code flow if this machine cannot open a browser.`,
          { flow },
        );
      });
      timeout.catch(() => {});
      const aborted = new Promise<never>((_, reject) => {
        if (!signal) return;
        const onAbort = () => reject(abortError(flow, signal.reason));
        if (signal.aborted) onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        giveUp.signal.addEventListener('abort', () => signal.removeEventListener('abort', onAbort), {
          once: true,
        });
      });
      aborted.catch(() => {});
      const { code } = await Promise.race([
        server.result,
        timeout,
        aborted,
        opened.then(() => server.result),
      ]);
      giveUp.abort();
      await server.close();
      const requestedAt = clock.now();
      const response = await client.createToken(
        {
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          grantType: GrantType.AUTHORIZATION_CODE,
          code,
          redirectUri: server.redirectUri,
          codeVerifier: pkce.verifier,
        },
        signal ? { signal } : {},
      );
      return { token: toOidcToken(response, requestedAt), registration };
    } finally {
      giveUp.abort();
      await server.close();
    }
  } catch (e) {
    throw normaliseAbort(flow, e, signal);
  }
}

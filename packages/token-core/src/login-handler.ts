import type { DeviceCodePrompt, DevicePollInfo, LoginFlow, LoginFlowChoice } from '@ssokit/oidc-client';
import { DEFAULT_SCOPE, GrantType } from '@ssokit/protocol/core';
import type { RegistrationKeyInput } from './cache-keys.js';
import { type Clock, systemClock } from './deps.js';
import { loadOidc, type OidcClientFor } from './oidc-refresher.js';
import type { RegistrationCache } from './registration-cache.js';
import type { LoginHandler } from './session-types.js';
import { type SsoSessionRef, toSessionToken } from './token.js';

/** How to sign in when a login is needed. Every callback is optional. */
export interface LoginOptions {
  /** Force a flow; default: {@link @ssokit/oidc-client!chooseLoginFlow} (PKCE unless the browser cannot reach 127.0.0.1). */
  flow?: LoginFlow | undefined;
  /** Told which flow was chosen and why (e.g. "SSH session: using the device code"). */
  onFlowChosen?: ((choice: LoginFlowChoice) => void) | undefined;
  /**
   * Device flow: show the URL and code to the person. Default: a short text with both, written to
   * `promptOutput`, so a sign-in never waits for an approval nobody was asked for.
   */
  onDevicePrompt?: ((prompt: DeviceCodePrompt) => void | Promise<void>) | undefined;
  /** Where the default device-code prompt goes (default `process.stderr`). */
  promptOutput?: { write(text: string): unknown } | undefined;
  /** Device flow: each poll's outcome (pending, slow_down, failed). */
  onPoll?: ((info: DevicePollInfo) => void) | undefined;
  /** PKCE flow: opens the authorize URL (default: the system browser, through `open`, an optional peer: `npm install open`). */
  openBrowser?: ((url: string) => Promise<void>) | undefined;
  /** PKCE flow: told the authorize URL before the browser opens. */
  onAuthorizeUrl?: ((url: string) => void) | undefined;
  /** Client name to register with (default `ssokit`). */
  clientName?: string | undefined;
  /** PKCE flow: how long to wait for the browser (ms, default 10 min). */
  timeoutMs?: number | undefined;
  /** PKCE flow: fixed port of the loopback callback (e.g. forwarded over SSH). Default: a free one. */
  redirectPort?: number | undefined;
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
    /** The profile the session came from, named in the default device-code prompt. */
    profile?: string | undefined;
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
            ...(options.redirectPort ? { redirectPort: options.redirectPort } : {}),
          })
        : await deviceCodeFlow({
            ...common,
            onPrompt: options.onDevicePrompt ?? writeDevicePrompt(session, options),
            ...(options.onPoll ? { onPoll: options.onPoll } : {}),
          });
    if (result.registration.clientId !== cached?.clientId)
      await options.registrations.put(key, result.registration);
    return toSessionToken(session, result.token, result.registration);
  };
}

// The default device-code prompt: where to go, which code to check, for which profile or session.
function writeDevicePrompt(
  session: SsoSessionRef,
  options: { promptOutput?: { write(text: string): unknown } | undefined; profile?: string | undefined },
): (prompt: DeviceCodePrompt) => void {
  const what = options.profile
    ? `profile ${options.profile}`
    : session.ssoSession !== undefined
      ? `sso-session ${session.ssoSession}`
      : session.startUrl;
  const output = options.promptOutput ?? process.stderr;
  return (prompt) =>
    void output.write(
      `To sign in to AWS IAM Identity Center (${what}), open\n  ${prompt.verificationUriComplete}\n` +
        `and check that it shows the code ${prompt.userCode}. Waiting for the approval…\n`,
    );
}

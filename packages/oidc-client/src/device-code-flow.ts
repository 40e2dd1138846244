import {
  type Clock,
  DEFAULT_POLL_INTERVAL_SECONDS,
  ErrorCode,
  GrantType,
  SLOW_DOWN_INCREMENT_SECONDS,
  SsokitError,
  systemClock,
} from '@ssokit/protocol/core';
import { isServiceError, isTransportError } from '@ssokit/transport';
import { LoginError, LoginErrorCode } from './errors.js';
import {
  normaliseAbort,
  type RegistrationSource,
  resolveRegistration,
  throwIfAborted,
  validateFlowOptions,
} from './flow-common.js';
import type { ClientRegistration } from './registration.js';
import type { SsoOidcClient } from './sso-oidc-client.js';
import { type OidcToken, toOidcToken } from './token.js';

/**
 * What to show the person who signs in.
 *
 * @example
 * ```ts
 * const onPrompt = (p: DeviceCodePrompt) => console.error(`Open ${p.verificationUriComplete} and confirm ${p.userCode}`);
 * ```
 */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  /** The verification URI with the user code filled in (open this one). */
  verificationUriComplete: string;
  /** When the code stops working. */
  expiresAt: Date;
}

/**
 * One unanswered poll, reported to `onPoll`.
 *
 * @example
 * ```ts
 * const onPoll = (p: DevicePollInfo) => {
 *   if (p.outcome === 'slow_down') console.error(`polling every ${p.intervalSeconds}s`);
 *   if (p.outcome === 'failed') console.error(`poll failed, trying again: ${(p.error as Error).message}`);
 * };
 * ```
 */
export interface DevicePollInfo {
  /** 1 for the first poll. */
  attempt: number;
  /**
   * `failed`: the poll got no answer (network failure, timeout) or a server-side fault (5xx,
   * throttling); the flow polls again at the usual interval.
   */
  outcome: 'authorization_pending' | 'slow_down' | 'failed';
  /** The interval that applies from now on (grown by 5 s on `slow_down`). */
  intervalSeconds: number;
  /** Why the poll failed (only with `failed`): a `ServiceError` or `TransportError`, free of secrets. */
  error?: unknown;
}

/**
 * Options of {@link deviceCodeFlow}.
 *
 * @example
 * ```ts
 * const opts: DeviceCodeFlowOptions = { client, startUrl, onPrompt: (p) => console.error(p.verificationUriComplete) };
 * ```
 */
export interface DeviceCodeFlowOptions {
  client: SsoOidcClient;
  /** The AWS access portal URL (`sso_start_url`). */
  startUrl: string;
  /** A registration to reuse (or a function returning one); a new one is registered when absent or about to expire. */
  registration?: RegistrationSource;
  /** Registration scopes when registering. Default `['sso:account:access']`. */
  scopes?: string[];
  /** Client name when registering. Default `ssokit`. */
  clientName?: string;
  /** Shows the code to the person; the flow polls once this returns (or resolves). */
  onPrompt: (prompt: DeviceCodePrompt) => void | Promise<void>;
  /**
   * Called after each poll that gave no token: `authorization_pending` (not approved yet),
   * `slow_down` (the interval grew by 5 s), or `failed` (no answer or a server-side fault; `error`
   * says which, and the poll is repeated at the next interval).
   */
  onPoll?: (info: DevicePollInfo) => void;
  /** Time source of the poll schedule. Default the system clock. */
  clock?: Clock;
  /** Stops the flow at once, mid-request or mid-sleep. */
  signal?: AbortSignal;
}

/**
 * What a successful sign-in returns: the token and the registration it used (cache both).
 *
 * @example
 * ```ts
 * const { token, registration }: LoginResult = await deviceCodeFlow({ client, startUrl, onPrompt: (p) => console.error(p.userCode) });
 * console.log(token.expiresAt, registration.expiresAt);
 * ```
 */
export interface LoginResult {
  token: OidcToken;
  registration: ClientRegistration;
}

/**
 * Device-code sign-in (RFC 8628): registers (or reuses a registration), starts the
 * authorization, reports the code through `onPrompt`, then polls CreateToken no faster than the
 * interval: `authorization_pending` keeps polling, `slow_down` adds 5 s for the rest of the flow,
 * `access_denied` and `expired_token` stop with a {@link LoginError}, and so does reaching
 * `expiresIn`. A poll that fails without an answer (connection reset, timeout) or with a
 * server-side fault (5xx, throttling) is repeated at the next interval, so a passing network
 * glitch does not lose a sign-in the person already approved. An abort stops it at once.
 *
 * @throws `ValidationError` (`ERR_SSOKIT_INVALID_INPUT`) before any request when `startUrl` is not a
 * start URL (such as `https://my-org.awsapps.com/start`), `onPrompt` is missing or `client` is not a client.
 * @throws {@link LoginError} `ERR_SSOKIT_ACCESS_DENIED`, `ERR_SSOKIT_DEVICE_CODE_EXPIRED`, `ERR_SSOKIT_ABORTED`.
 * @throws `ServiceError` / `TransportError` for a failure polling again cannot fix: a client error
 * such as `InvalidClientException`, or a response that cannot be read.
 *
 * @example
 * ```ts
 * import { SsoOidcClient, deviceCodeFlow } from '@ssokit/oidc-client';
 *
 * const client = new SsoOidcClient({ region: 'us-east-1' });
 * const { token, registration } = await deviceCodeFlow({
 *   client,
 *   startUrl: 'https://d-1234567890.awsapps.com/start',
 *   onPrompt: ({ verificationUriComplete, userCode }) =>
 *     console.error(`Open ${verificationUriComplete} and check the code ${userCode}`),
 * });
 * ```
 */
export async function deviceCodeFlow(opts: DeviceCodeFlowOptions): Promise<LoginResult> {
  const { client, signal } = opts;
  const clock = opts.clock ?? systemClock;
  const flow = 'device-code';
  validateFlowOptions(flow, opts, {
    onPrompt: {
      value: opts.onPrompt,
      required: true,
      example:
        'onPrompt: (p) => console.error(p.verificationUriComplete, p.userCode), which shows the person where to approve the sign-in',
    },
    onPoll: { value: opts.onPoll, required: false, example: 'onPoll: (p) => console.error(p.outcome)' },
  });
  throwIfAborted(flow, signal);
  try {
    const registration = await resolveRegistration({
      client,
      flow,
      registration: opts.registration,
      scopes: opts.scopes,
      clientName: opts.clientName,
      issuerUrl: undefined,
      now: clock.now(),
      signal,
    });
    const startedAt = clock.now();
    const auth = await client.startDeviceAuthorization(
      { clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl: opts.startUrl },
      signal ? { signal } : {},
    );
    if (!auth.deviceCode || !auth.userCode || !auth.verificationUri) {
      throw new LoginError(
        LoginErrorCode.AUTHORIZATION_FAILED,
        'sso-oidc StartDeviceAuthorization answered without deviceCode, userCode or verificationUri; check the endpoint.',
        { flow },
      );
    }
    // What onPrompt shows a person comes from the server: refuse text that could rewrite a terminal or
    // a log line (control characters, line breaks) or a link that is not a web page.
    const verificationUriComplete = auth.verificationUriComplete ?? auth.verificationUri;
    for (const [member, value] of [
      ['verificationUri', auth.verificationUri],
      ['verificationUriComplete', verificationUriComplete],
    ] as const) {
      if (!isWebLink(value)) {
        throw new SsokitError(
          ErrorCode.INVALID_RESPONSE,
          `sso-oidc StartDeviceAuthorization answered with a ${member} that is not an http(s) link; check the endpoint.`,
        );
      }
    }
    if (!PRINTABLE_CODE.test(auth.userCode)) {
      throw new SsokitError(
        ErrorCode.INVALID_RESPONSE,
        'sso-oidc StartDeviceAuthorization answered with a userCode that is not a short printable code; check the endpoint.',
      );
    }
    const deviceCode = auth.deviceCode;
    const expiresAt = startedAt + (auth.expiresIn ?? 600) * 1000;
    let interval =
      auth.interval !== undefined && auth.interval > 0 ? auth.interval : DEFAULT_POLL_INTERVAL_SECONDS;
    await opts.onPrompt({
      userCode: auth.userCode,
      verificationUri: auth.verificationUri,
      verificationUriComplete,
      expiresAt: new Date(expiresAt),
    });
    throwIfAborted(flow, signal);

    // The failure of the last poll, when it had no answer: said in the expiry message.
    let lastFailure: unknown;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        const wait = interval * 1000;
        const now = clock.now();
        if (now + wait >= expiresAt) {
          // The next poll would come after the code expired: wait it out, then say so.
          await clock.sleep(Math.max(0, expiresAt - now), signal);
          if (lastFailure !== undefined) {
            throw expired(
              `it expired while IAM Identity Center could not be reached (last poll: ${(lastFailure as Error).message})`,
              lastFailure,
            );
          }
          throw expired('nobody approved it before it expired');
        }
        await clock.sleep(wait, signal);
      }
      const requestedAt = clock.now();
      try {
        const response = await client.createToken(
          {
            clientId: registration.clientId,
            clientSecret: registration.clientSecret,
            grantType: GrantType.DEVICE_CODE,
            deviceCode,
          },
          signal ? { signal } : {},
        );
        return { token: toOidcToken(response, requestedAt), registration };
      } catch (e) {
        lastFailure = undefined;
        if (isServiceError(e, 'AuthorizationPendingException')) {
          opts.onPoll?.({ attempt, outcome: 'authorization_pending', intervalSeconds: interval });
        } else if (isServiceError(e, 'SlowDownException')) {
          interval += SLOW_DOWN_INCREMENT_SECONDS;
          opts.onPoll?.({ attempt, outcome: 'slow_down', intervalSeconds: interval });
        } else if (isServiceError(e, 'ExpiredTokenException')) {
          throw expired('IAM Identity Center says it expired', e);
        } else if (isServiceError(e, 'AccessDeniedException')) {
          throw new LoginError(
            LoginErrorCode.ACCESS_DENIED,
            'The sign-in request was denied in the browser. Run the login again and choose Allow, or ask your administrator for access.',
            { flow, cause: e },
          );
        } else if (isPollFailure(e)) {
          lastFailure = e;
          opts.onPoll?.({ attempt, outcome: 'failed', intervalSeconds: interval, error: e });
        } else {
          throw e;
        }
      }
    }
  } catch (e) {
    throw normaliseAbort(flow, e, signal);
  }

  function expired(why: string, cause?: unknown): LoginError {
    return new LoginError(
      LoginErrorCode.DEVICE_CODE_EXPIRED,
      `The device code is no longer valid: ${why}. Run the login again and approve the new code within its time limit.`,
      { flow, cause },
    );
  }
}

/**
 * A poll worth repeating at the next interval: no answer came (network failure, timeout), or the
 * service had a server-side fault or throttled. Polling again is safe: CreateToken with a device
 * code either answers with the token, a pending state or a final error.
 */
function isPollFailure(e: unknown): boolean {
  if (isTransportError(e, ErrorCode.NETWORK) || isTransportError(e, ErrorCode.TIMEOUT)) return true;
  return isServiceError(e) && (e.fault === 'server' || e.throttling || e.status >= 500);
}

/** A user code as AWS issues them (`ABCD-EFGH`), with room for other servers: visible ASCII, no spaces. */
const PRINTABLE_CODE = /^[\x21-\x7e]{1,64}$/;

/** An absolute http(s) URL of visible ASCII only, at most 2,048 characters. */
function isWebLink(value: string): boolean {
  if (value.length > 2048 || !/^[\x21-\x7e]+$/.test(value)) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { OPERATIONS, type OperationName, validateRegion } from '@ssokit/protocol';
import { type AdminHandlers, createApp } from './app.js';
import { EmulatorClock } from './clock.js';
import { Controls, type FaultSpec, type RecordedRequest } from './controls.js';
import { IdentityCenter, type IssuedAccessToken, type PendingDeviceAuthorization } from './engine.js';
import { EmulatorError, EmulatorErrorCode } from './errors.js';
import { type DirectoryFixture, loadFixture } from './fixture.js';

/**
 * Options of {@link startEmulator}. Every timing is in seconds unless named otherwise.
 *
 * @example
 * ```ts
 * const options: EmulatorOptions = { pollIntervalSeconds: 1, accessTokenTtlSeconds: 900, rateLimits: { ListAccountRoles: 20 } };
 * ```
 */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** The region the emulator claims to be (default `us-east-1`); CreateTokenWithIAM signatures must name it. */
  region?: string;
  /** The directory: an object, or a path to a JSON file. Default: the built-in organisation. */
  fixture?: DirectoryFixture | string;
  /** Approve every device authorization and `/authorize` request at once, as the default (or named) user. */
  autoApprove?: boolean | { user?: string };
  /** Device code lifetime (default 600). */
  deviceCodeExpiresInSeconds?: number;
  /** Polling interval handed out (default 5, minimum 1). */
  pollIntervalSeconds?: number;
  /** Access token lifetime (default 3600). */
  accessTokenTtlSeconds?: number;
  /** How long a sign-in lasts: refresh tokens stop working after it (default 8 h). */
  sessionDurationSeconds?: number;
  /** Client secret lifetime (default 90 days). */
  clientSecretTtlSeconds?: number;
  /** Role credential lifetime (default 3600). */
  roleCredentialsTtlSeconds?: number;
  /** Authorization code lifetime (default 60). */
  authCodeTtlSeconds?: number;
  /** Requests per second per operation (token bucket); excess gets 429 TooManyRequestsException. */
  rateLimits?: Partial<Record<OperationName, number>>;
  /** How many requests the log keeps (oldest dropped first; default 10 000). */
  maxRecordedRequests?: number;
}

/**
 * Controls for tests: decide authorizations, read the log, move the clock, inject faults. The same
 * controls answer over HTTP under `/_emulator/` (loopback clients only).
 *
 * @example
 * ```ts
 * emulator.admin.approve(userCode, 'bob');
 * emulator.admin.advanceClock(3_600_000); // the access token has now expired
 * expect(emulator.admin.counters().CreateToken).toBe(2);
 * ```
 */
export interface EmulatorAdmin {
  /** Approves a pending device authorization as `user` (default: the directory's first user). */
  approve(userCode: string, user?: string): void;
  /** Denies a pending device authorization. */
  deny(userCode: string): void;
  /** Device authorizations still waiting for a decision. */
  pendingDeviceAuthorizations(): PendingDeviceAuthorization[];
  /** Every request received (admin calls excluded), oldest first, secrets redacted. */
  requests(): RecordedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Requests received per operation. */
  counters(): Record<string, number>;
  /** Moves the emulator clock forward. */
  advanceClock(ms: number): void;
  /** The emulator clock, epoch milliseconds. */
  now(): number;
  /** Forgets clients, tokens, sessions, the log, counters, faults; puts the clock back to real time. */
  reset(): void;
  /** Injects a fault on a route. */
  injectFault(fault: FaultSpec): void;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** Sets (or, with `undefined`, removes) the rate limit of one operation. */
  setRateLimit(operation: OperationName, perSecond: number | undefined): void;
  /** Makes every refresh token stop working (as when an administrator ends sessions). */
  revokeRefreshTokens(): void;
  /** Mints an access token for `user` without a sign-in flow, for fast tests of portal calls. */
  issueAccessToken(user?: string, opts?: { refreshable?: boolean }): IssuedAccessToken;
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const { url, region, startUrl, close } = await startEmulator();
 * process.env.AWS_ENDPOINT_URL_SSO_OIDC = url;
 * ```
 */
export interface RunningEmulator {
  /** Its origin, e.g. `http://127.0.0.1:54321`: the endpoint of both services. */
  url: string;
  region: string;
  /** The start URL of its (only) instance, on its own origin. */
  startUrl: string;
  admin: EmulatorAdmin;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

function seconds(name: string, v: number | undefined, def: number, min = 1): number {
  if (v === undefined) return def;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_OPTION,
      `${name} must be a number >= ${min} (got ${String(v)})`,
    );
  return v;
}

/**
 * Starts a local IAM Identity Center (sso-oidc + sso portal + sign-in pages) on loopback.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@ssokit/emulator';
 * import { SSOOIDCClient, RegisterClientCommand } from '@aws-sdk/client-sso-oidc';
 *
 * const emulator = await startEmulator({ autoApprove: true });
 * const oidc = new SSOOIDCClient({ region: emulator.region, endpoint: emulator.url });
 * await oidc.send(new RegisterClientCommand({ clientName: 'my-tool', clientType: 'public' }));
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EmulatorError(EmulatorErrorCode.INVALID_OPTION, `port must be 0–65535 (got ${String(port)})`);
  const region = options.region ?? 'us-east-1';
  try {
    validateRegion(region);
  } catch (cause) {
    throw new EmulatorError(EmulatorErrorCode.INVALID_OPTION, `region ${region} is not a valid AWS region`, {
      cause,
    });
  }
  const directory = loadFixture(options.fixture);
  const autoApproveUser =
    options.autoApprove === undefined || options.autoApprove === false
      ? undefined
      : ((options.autoApprove === true ? undefined : options.autoApprove.user) ??
        directory.users[0]!.userName);
  if (autoApproveUser !== undefined && !directory.users.some((u) => u.userName === autoApproveUser))
    throw new EmulatorError(
      EmulatorErrorCode.INVALID_OPTION,
      `autoApprove user ${autoApproveUser} is not in the directory`,
    );

  const clock = new EmulatorClock();
  let origin = '';
  const engine = new IdentityCenter(
    directory,
    {
      deviceCodeExpiresInSeconds: seconds(
        'deviceCodeExpiresInSeconds',
        options.deviceCodeExpiresInSeconds,
        600,
      ),
      pollIntervalSeconds: Math.ceil(seconds('pollIntervalSeconds', options.pollIntervalSeconds, 5)),
      accessTokenTtlSeconds: seconds('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 3600),
      sessionDurationSeconds: seconds('sessionDurationSeconds', options.sessionDurationSeconds, 8 * 3600),
      clientSecretTtlSeconds: seconds(
        'clientSecretTtlSeconds',
        options.clientSecretTtlSeconds,
        90 * 24 * 3600,
      ),
      roleCredentialsTtlSeconds: seconds(
        'roleCredentialsTtlSeconds',
        options.roleCredentialsTtlSeconds,
        3600,
      ),
      authCodeTtlSeconds: seconds('authCodeTtlSeconds', options.authCodeTtlSeconds, 60),
      autoApproveUser,
    },
    clock,
    () => origin,
  );
  const controls = new Controls(options.maxRecordedRequests ?? 10_000, () => clock.now());
  const applyRateLimits = () => {
    for (const [op, perSecond] of Object.entries(options.rateLimits ?? {})) {
      if (!(op in OPERATIONS))
        throw new EmulatorError(EmulatorErrorCode.INVALID_OPTION, `rateLimits names unknown operation ${op}`);
      controls.setRateLimit(op, seconds(`rateLimits.${op}`, perSecond, 0, Number.MIN_VALUE));
    }
  };
  applyRateLimits();

  const admin: EmulatorAdmin & AdminHandlers = {
    approve: (userCode, user) => engine.decideDevice(userCode, 'approve', user),
    deny: (userCode) => engine.decideDevice(userCode, 'deny'),
    pendingDeviceAuthorizations: () => engine.pendingDeviceAuthorizations(),
    requests: () => controls.log.map((r) => structuredClone(r)),
    clearRequests: () => {
      controls.log.length = 0;
    },
    counters: () => ({ ...controls.counters }),
    advanceClock: (ms) => clock.advance(ms),
    now: () => clock.now(),
    reset: () => {
      engine.reset();
      controls.reset();
      clock.reset();
    },
    injectFault: (fault) => controls.addFault(fault),
    clearFaults: () => controls.clearFaults(),
    setRateLimit: (operation, perSecond) => controls.setRateLimit(operation, perSecond),
    revokeRefreshTokens: () => engine.revokeRefreshTokens(),
    issueAccessToken: (user, opts) => engine.issueAccessToken(user, opts),
  };

  const app = createApp({ engine, controls, region, now: () => clock.now(), admin });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', (err) =>
      reject(
        new EmulatorError(
          EmulatorErrorCode.INVALID_OPTION,
          `Cannot listen on ${host}:${port}: ${err.message}`,
          { cause: err },
        ),
      ),
    );
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
  origin = `http://${hostPart}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url: origin,
    region,
    startUrl: `${origin}/start`,
    admin,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        for (const release of controls.hangs) release();
        controls.hangs.clear();
        const http = server as import('node:http').Server;
        http.close(() => resolve());
        http.closeAllConnections?.();
      });
      return closed;
    },
  };
}

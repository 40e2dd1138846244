import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { serve } from '@hono/node-server';
import { isLoopbackHost, type OperationName } from '@ssokit/protocol';
import type { EmulatorAdmin } from './admin/emulator-admin.js';
import { assembleEmulator } from './assemble.js';
import { EmulatorError, EmulatorErrorCode } from './errors.js';
import type { DirectoryFixture } from './fixture.js';
import { type EmulatorLimits, type OptionNamer, parseEmulatorOptions } from './options.js';

/**
 * Options of {@link startEmulator}. Every timing is in seconds unless named otherwise. Unknown
 * keys, wrong types and out-of-range values throw an {@link EmulatorError} (`INVALID_OPTION`) that
 * names the option and suggests the nearest valid name.
 */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free port. */
  port?: number;
  /**
   * Interface to listen on (default `127.0.0.1`). Anything but a loopback address makes the
   * emulator reachable from other machines: it warns (see `onWarning`).
   */
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
  /**
   * How many requests the log keeps (a ring buffer: the oldest is dropped first; default 10 000).
   * One entry holds at most 4 KiB of body and 1 KiB per header, query or body value.
   */
  maxRecordedRequests?: number;
  /** How much state it keeps in memory (oldest dropped first); see {@link EmulatorLimits}. */
  limits?: EmulatorLimits;
  /**
   * More `Host` names to answer besides loopback ones (`localhost`, `127.0.0.0/8`, `[::1]`) and
   * the `host` it is bound to, e.g. a container's service name. Requests naming any other host
   * are refused with 403, which defeats DNS rebinding.
   */
  allowedHosts?: string[];
  /** Receives warnings (e.g. listening beyond loopback). Default: `process.emitWarning`. */
  onWarning?: (message: string) => void;
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

/** The names this machine answers to, for a server bound to every interface. */
function localNames(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address] : []));
  return [hostname(), ...addresses];
}

/**
 * Starts a local IAM Identity Center (sso-oidc + sso portal + sign-in pages) and STS on loopback.
 *
 * @example
 * ```ts
 * import { startEmulator } from '@ssokit/emulator';
 * import { SsoOidcClient } from '@ssokit/oidc-client';
 *
 * const emulator = await startEmulator({ autoApprove: true });
 * // any sso-oidc client works, the AWS SDK's SSOOIDCClient included
 * const oidc = new SsoOidcClient({ region: emulator.region, endpoint: emulator.url });
 * await oidc.registerClient({ clientName: 'my-tool', clientType: 'public' });
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulatorNamed(options, (path) => path);
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/** {@link startEmulator}, naming options in errors with `nameOf` (the bin names its flags). */
export async function startEmulatorNamed(
  input: EmulatorOptions,
  nameOf: OptionNamer,
): Promise<RunningEmulator> {
  const options = parseEmulatorOptions(input, nameOf);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message));
  const { region, state, admin, guard, app, setOrigin } = assembleEmulator(options, nameOf);
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
  const origin = `http://${hostPart}:${address.port}`;
  setOrigin(origin);
  const wildcard = WILDCARD_HOSTS.has(host);
  guard.configure(address.port, [...(wildcard ? localNames() : [host]), ...(options.allowedHosts ?? [])]);
  if (!isLoopbackHost(host))
    warn(
      `ssokit-emulator is listening on ${host}:${address.port}, reachable from other machines. ` +
        'It is a test double with no real authentication: anyone who can reach it can sign in as any ' +
        'directory user. Bind it to 127.0.0.1 unless you mean this.',
    );

  let closed: Promise<void> | undefined;
  return {
    url: origin,
    region,
    startUrl: `${origin}/start`,
    admin,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        for (const release of state.hangs) release();
        state.hangs.clear();
        const http = server as import('node:http').Server;
        http.close(() => resolve());
        http.closeAllConnections?.();
      });
      return closed;
    },
  };
}

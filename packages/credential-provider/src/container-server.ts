import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import {
  ERROR_BRAND,
  errorBrand,
  isErrorOf,
  isSsokitError,
  type Logger,
  ProviderErrorCode,
  SsokitError,
  type SsokitErrorOptions,
  silentLogger,
  ValidationError,
} from '@ssokit/protocol/core';
import { ROLE_CREDENTIALS_MIN_REMAINING_MS } from '@ssokit/token-core/files';

/**
 * Credentials with less time left than this are never handed out. The AWS SDK for JavaScript v3
 * treats container credentials as expired 5 minutes before `Expiration`, so anything shorter would
 * be fetched again on every call.
 */
export const CONTAINER_CREDENTIALS_MIN_REMAINING_MS = 5 * 60_000;

/** The variables a process reads to use the endpoint (AWS SDKs, botocore, AWS CLI v2). */
export type ContainerCredentialsEnv = {
  AWS_CONTAINER_CREDENTIALS_FULL_URI: string;
  AWS_CONTAINER_AUTHORIZATION_TOKEN: string;
};

/** Options of {@link startContainerCredentialsServer}. */
export interface ContainerCredentialsServerOptions {
  /** Where the credentials come from, e.g. `fromSso({ profile: 'dev' })`. Asked again ahead of expiry. */
  credentials: AwsCredentialIdentityProvider;
  /**
   * A loopback address to listen on: `127.0.0.1` (default), another `127.x.x.x`, `::1` or
   * `localhost`. Anything else is refused: the endpoint hands out credentials to whoever has the token.
   */
  host?: string | undefined;
  /** The port (default 0: any free port; read the one chosen from `url`). */
  port?: number | undefined;
  /**
   * The token clients must send in the `Authorization` header; default: 32 random bytes,
   * base64url. A token given here must be at least 32 characters of printable ASCII.
   */
  authorizationToken?: string | undefined;
  /** The role's ARN, added to the response as `RoleArn` when known. */
  roleArn?: string | undefined;
  /**
   * Credentials are asked for again when less than this remains (ms; default 15 minutes, the
   * advisory refresh window of botocore, so no client ever holds credentials it considers expiring).
   */
  refreshBeforeExpiryMs?: number | undefined;
  /** The time source (default `Date.now`). */
  clock?: { now(): number } | undefined;
  /** Request outcomes (debug) and credential failures (warn); never a secret. */
  logger?: Logger | undefined;
}

/** A running container-credentials endpoint; see {@link startContainerCredentialsServer}. */
export interface ContainerCredentialsServer {
  /** The full URI to put in `AWS_CONTAINER_CREDENTIALS_FULL_URI`, e.g. `http://127.0.0.1:54321/`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The token clients must send (a secret: never log it). */
  readonly authorizationToken: string;
  /** The two variables a client process needs. */
  env(): ContainerCredentialsEnv;
  /** Stops listening and ends open connections; resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Thrown by {@link startContainerCredentialsServer} when it cannot listen (the port is taken, or
 * not permitted). Its `code` is `ProviderErrorCode.CONTAINER_SERVER`; `cause` is the system error.
 */
export class ContainerServerError extends SsokitError {
  static override readonly [ERROR_BRAND] = errorBrand('@ssokit/credential-provider/ContainerServerError');
  declare readonly code: typeof ProviderErrorCode.CONTAINER_SERVER;
  constructor(message: string, options: SsokitErrorOptions = {}) {
    super(ProviderErrorCode.CONTAINER_SERVER, message, options);
  }
}

/**
 * Whether `value` is a {@link ContainerServerError} from any copy of this package.
 *
 * @example
 * ```ts
 * if (isContainerServerError(err)) console.error(err.message);
 * ```
 */
export function isContainerServerError(
  value: unknown,
  code?: typeof ProviderErrorCode.CONTAINER_SERVER,
): value is ContainerServerError {
  return isErrorOf(ContainerServerError, value, code);
}

/**
 * Serves the container credentials endpoint that the AWS SDKs, botocore and the AWS CLI read when
 * `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN` are set (the
 * "container credential provider" of the AWS SDKs and Tools reference guide). A long-running
 * process or a container pointed at it keeps getting fresh credentials from `credentials`.
 *
 * It listens on loopback only (the SDKs accept plain http only for loopback and the ECS/EKS link-local
 * addresses), answers `GET /` with `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`
 * (ISO 8601) and, when known, `AccountId` and `RoleArn`; it requires the authorization token
 * (compared in constant time: 401 when missing, 403 when wrong), checks the `Host` header against
 * its own address (so a web page cannot reach it through DNS rebinding), and answers 404 elsewhere.
 * Credentials are asked for again 15 minutes before they expire; concurrent requests share one call.
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { fromSso, startContainerCredentialsServer } from '@ssokit/credential-provider';
 *
 * const server = await startContainerCredentialsServer({ credentials: fromSso({ profile: 'dev' }) });
 * const child = spawn('python3', ['app.py'], { env: { ...process.env, ...server.env() } });
 * child.on('exit', () => server.close());
 * ```
 */
export async function startContainerCredentialsServer(
  options: ContainerCredentialsServerOptions,
): Promise<ContainerCredentialsServer> {
  if (typeof options?.credentials !== 'function') {
    throw new ValidationError(
      'startContainerCredentialsServer: give a credential provider as `credentials`.',
      {
        member: 'credentials',
      },
    );
  }
  const host = loopbackHost(options.host);
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ValidationError(`port ${String(port)} is not a port number (0–65535; 0 picks a free one).`, {
      member: 'port',
    });
  }
  const token = options.authorizationToken ?? randomBytes(32).toString('base64url');
  if (!/^[\x21-\x7e]{32,}$/.test(token)) {
    throw new ValidationError(
      'The authorization token must be at least 32 printable ASCII characters without spaces.',
      { member: 'authorizationToken' },
    );
  }
  const tokenDigest = digest(token);
  const clock = options.clock ?? { now: () => Date.now() };
  const logger = options.logger ?? silentLogger;
  const refreshMs = options.refreshBeforeExpiryMs ?? ROLE_CREDENTIALS_MIN_REMAINING_MS;
  const provider = options.credentials;

  let held: AwsCredentialIdentity | undefined;
  let inflight: Promise<AwsCredentialIdentity> | undefined;
  const remaining = (c: AwsCredentialIdentity) =>
    c.expiration ? c.expiration.getTime() - clock.now() : Number.POSITIVE_INFINITY;
  const currentCredentials = (): Promise<AwsCredentialIdentity> => {
    if (held && remaining(held) >= refreshMs) return Promise.resolve(held);
    inflight ??= (async () => {
      let c = await provider();
      // a provider that memoizes on a shorter window may hand back what it already had
      if (remaining(c) < CONTAINER_CREDENTIALS_MIN_REMAINING_MS) c = await provider({ forceRefresh: true });
      if (remaining(c) < CONTAINER_CREDENTIALS_MIN_REMAINING_MS) throw new ExpiringCredentials();
      held = c;
      return c;
    })().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };

  let allowedHosts = new Set<string>();
  // loaded here, not with the package: node:http costs ~40 ms to load on Node 24
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { Code: 'InternalError', Message: 'internal error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const answer = (status: number, body: Record<string, string>) => {
      logger.debug('container credentials request', { method: req.method, status });
      send(res, status, body);
    };
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return answer(403, { Code: 'InvalidHost', Message: 'request refused' });
    }
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/') return answer(404, { Code: 'NotFound', Message: 'not found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return answer(405, { Code: 'MethodNotAllowed', Message: 'use GET' });
    }
    const given = req.headers.authorization;
    if (given === undefined || given === '') {
      return answer(401, { Code: 'Unauthorized', Message: 'authorization required' });
    }
    if (!timingSafeEqual(digest(given), tokenDigest)) {
      return answer(403, { Code: 'AccessDenied', Message: 'request refused' });
    }
    let c: AwsCredentialIdentity;
    try {
      c = await currentCredentials();
    } catch (error) {
      logger.warn('could not get credentials for a container credentials request', {
        code: (error as { code?: unknown }).code,
      });
      return answer(500, failureBody(error));
    }
    answer(200, {
      AccessKeyId: c.accessKeyId,
      SecretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { Token: c.sessionToken } : {}),
      ...(c.expiration ? { Expiration: iso8601(c.expiration) } : {}),
      ...(c.accountId ? { AccountId: c.accountId } : {}),
      ...(options.roleArn ? { RoleArn: options.roleArn } : {}),
    });
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new ContainerServerError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is in use: choose another port (or 0 for any free one).`
            : `Could not listen on ${host}:${port} (${error.code ?? error.message}).`,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostInUrl}:${bound}`, `localhost:${bound}`]);
  const url = `http://${hostInUrl}:${bound}/`;

  let closing: Promise<void> | undefined;
  const running: ContainerCredentialsServer = {
    url,
    port: bound,
    authorizationToken: token,
    env: () => ({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: token }),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  // the token is a secret: keep it out of console.log / util.inspect
  Object.defineProperty(running, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => ({ url, port: bound, authorizationToken: '(redacted)' }),
    enumerable: false,
  });
  return running;
}

/** The provider kept handing out credentials about to expire. */
class ExpiringCredentials extends Error {
  readonly code = 'CredentialsExpiring';
}

/** The error body for a failed credential fetch: an ssokit error's message is safe and says what to do. */
function failureBody(error: unknown): Record<string, string> {
  if (error instanceof ExpiringCredentials) {
    return {
      Code: error.code,
      Message: 'the credential source only has credentials that expire within 5 minutes',
    };
  }
  if (isSsokitError(error)) return { Code: error.code, Message: error.message };
  return { Code: 'CredentialsUnavailable', Message: 'could not get credentials' };
}

function send(res: ServerResponse, status: number, body: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** `2026-11-30T16:00:00Z`: the form AWS's own endpoints use (no milliseconds). */
function iso8601(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The loopback address to bind, or a ValidationError: credentials are never served to the network. */
function loopbackHost(host: string | undefined): string {
  if (host === undefined || host === 'localhost') return '127.0.0.1';
  if (host === '::1' || host === '[::1]') return '::1';
  if (/^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(host)) return host;
  throw new ValidationError(
    `The container credentials server listens on loopback only (127.0.0.1 or ::1), not ${JSON.stringify(host)}.`,
    { member: 'host' },
  );
}

import { randomUUID } from 'node:crypto';
import type { Clock, Logger, OperationBinding, SchemaInput, SchemaOutput } from '@ssokit/protocol/core';
import {
  ErrorCode,
  isSecretMember,
  redactSecrets,
  scrubText,
  silentLogger,
  systemClock,
  validateEndpointUrl,
} from '@ssokit/protocol/core';
import type { Dispatcher } from 'undici';
import { isAwsQuery, loadXmlReader } from './aws-query.js';
import { abortedError, sleepOnClock } from './clock.js';
import { decodeServiceError, decodeSuccess, type HttpResponse, headerValue } from './decode.js';
import { createDefaultDispatcher } from './default-dispatcher.js';
import { isServiceError, type ServiceError, TransportError } from './errors.js';
import { computeBackoff, type RetryOptions, resolveRetryOptions } from './retry.js';
import { checkInput, secretValues, serializeRequest } from './serialize.js';
import { request } from './undici-parts.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

/**
 * Signs one attempt of a request (SigV4 for CreateTokenWithIAM). Called before every attempt;
 * returns the headers to add, e.g. `authorization` and `x-amz-date`.
 *
 * @example
 * ```ts
 * // a SignatureV4 of @smithy/signature-v4 for service `sso-oauth` (what @ssokit/oidc-client uses)
 * declare const sigv4: { sign(request: object): Promise<{ headers: Record<string, string> }> };
 * const signer: RequestSigner = async ({ method, url, headers, body }) => {
 *   const signed = await sigv4.sign({ method, hostname: url.hostname, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: { ...headers, host: url.host }, body });
 *   return signed.headers;
 * };
 * ```
 */
export type RequestSigner = (request: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}) => Promise<Record<string, string>>;

/**
 * Settings of a {@link Transport}.
 */
export interface TransportOptions {
  /** The resolved endpoint URL (`resolveEndpoint`); plain `http://` only to loopback. */
  endpoint: string;
  /**
   * Where requests go. Default: {@link createDefaultDispatcher} (HTTPS_PROXY / HTTP_PROXY /
   * NO_PROXY, loopback always direct), created on first use and closed by {@link Transport.close}.
   */
  dispatcher?: Dispatcher;
  /** Timeout of each attempt, ms. Default 15000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  clock?: Clock;
  /** Numbers in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Who is calling, for the `user-agent`. Default this package. */
  userAgent?: { packageName: string; packageVersion: string };
  /** Debug trace of each attempt, secrets redacted. */
  logger?: Logger;
}

/** Options of one {@link Transport.send} call. */
export interface SendOptions {
  /** Aborts the whole call, backoff sleeps included. */
  signal?: AbortSignal;
  /** Signs each attempt (CreateTokenWithIAM). */
  signer?: RequestSigner;
  /** Overrides the per-attempt timeout for this call. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// Network failures worth another attempt (design notes, Retries: connection reset/refused, timeouts).
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
// Failures that happen before a byte of the request left: the service cannot have processed it.
const NOT_SENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Executes sso-oidc, sso portal and STS operations: serialises the input from the operation's
 * binding, sends it with undici, retries like the AWS SDKs' standard mode
 * ([design notes, Retries](../../../apps/docs/guides/design.md#retries)), and returns the validated output or
 * throws a {@link ServiceError} / {@link TransportError}. Secrets never reach an error or a log.
 *
 * @example
 * ```ts
 * import { ListAccounts, resolveEndpoint } from '@ssokit/protocol';
 * import { Transport } from '@ssokit/transport';
 *
 * const transport = new Transport({ endpoint: resolveEndpoint({ service: 'sso', region: 'us-east-1' }) });
 * const page = await transport.send(ListAccounts, { accessToken, maxResults: 50 });
 * await transport.close();
 * ```
 */
export class Transport {
  /** The validated endpoint, without a trailing slash. */
  readonly endpoint: string;
  readonly #ownsDispatcher: boolean;
  #dispatcher: Dispatcher | undefined;
  readonly #timeoutMs: number;
  readonly #retry: Required<RetryOptions>;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #userAgent: string;
  readonly #logger: Logger;

  constructor(options: TransportOptions) {
    this.endpoint = validateEndpointUrl(options.endpoint);
    this.#dispatcher = options.dispatcher;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#retry = resolveRetryOptions(options.retry);
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    const ua = options.userAgent ?? { packageName: PACKAGE_NAME, packageVersion: PACKAGE_VERSION };
    this.#userAgent = `ssokit/${ua.packageVersion} (${ua.packageName}) node/${process.versions.node}`;
    this.#logger = options.logger ?? silentLogger;
  }

  /**
   * Sends one operation and returns its validated output.
   *
   * @throws `ValidationError` when `input` does not match the operation's request schema.
   * @throws {@link ServiceError} when the service answers with an error.
   * @throws {@link TransportError} on network failure, timeout, abort or an unreadable response.
   *
   * @example
   * ```ts
   * const token = await transport.send(CreateToken, { clientId, clientSecret, grantType: GrantType.DEVICE_CODE, deviceCode: '…' }, { signal });
   * ```
   */
  async send<Op extends OperationBinding>(
    op: Op,
    input: SchemaInput<Op['input']>,
    options: SendOptions = {},
  ): Promise<SchemaOutput<Op['output']>> {
    const { signal, signer } = options;
    if (signal?.aborted) throw abortedError(signal);
    const timeoutMs = checkTimeout(options.timeoutMs ?? this.#timeoutMs);
    const parsed = (await checkInput(op, input)) as object;
    const secrets = secretValues(parsed);
    const base = serializeRequest(op, parsed, this.endpoint);
    const xml = isAwsQuery(op) ? await loadXmlReader() : undefined;
    const invocationId = randomUUID();
    const max = this.#retry.maxAttempts;
    const label = `${op.service} ${op.name}`;

    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = {
        ...base.headers,
        'user-agent': this.#userAgent,
        'amz-sdk-invocation-id': invocationId,
        'amz-sdk-request': `attempt=${attempt}; max=${max}`,
      };
      if (signer) {
        if (signal?.aborted) throw abortedError(signal);
        const added = await signer({
          method: base.method,
          url: new URL(base.url),
          headers: { ...headers },
          body: base.body,
        });
        for (const [k, v] of Object.entries(added)) {
          headers[k.toLowerCase()] = v;
          if (isSecretMember(k) && v) secrets.push(v);
        }
      }
      this.#logger.debug(`${label} attempt ${attempt}/${max}`, {
        operation: op.name,
        attempt,
        method: base.method,
        url: scrubText(base.url.href, secrets.map(encodeURIComponent)),
        headers: redactSecrets(headers),
        input: redactSecrets(parsed),
      });

      let failure: ServiceError | TransportError;
      const started = this.#clock.now();
      try {
        const response = await this.#attempt(
          op,
          base.method,
          base.url,
          headers,
          base.body,
          timeoutMs,
          signal,
          secrets,
        );
        this.#logger.debug(`${label} answered ${response.status}`, {
          operation: op.name,
          attempt,
          status: response.status,
          requestId: headerValue(response.headers, 'x-amzn-requestid'),
          durationMs: this.#clock.now() - started,
        });
        if (response.status >= 200 && response.status < 300)
          return await decodeSuccess(op, response, { xml });
        failure = decodeServiceError(op, response, { secrets, now: this.#clock.now(), xml });
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        failure = e;
      }

      const delay = attempt < max ? this.#retryDelay(op, failure, attempt) : undefined;
      if (delay === undefined) {
        this.#logger.debug(`${label} failed`, {
          operation: op.name,
          attempt,
          error: failure.code,
          message: failure.message,
        });
        throw failure;
      }
      this.#logger.debug(`${label} will retry in ${delay} ms`, {
        operation: op.name,
        attempt,
        error: failure.code,
        delayMs: delay,
      });
      await sleepOnClock(this.#clock, delay, signal);
    }
  }

  /** Closes the dispatcher if this instance created it; an injected one is left to its owner. */
  async close(): Promise<void> {
    const d = this.#dispatcher;
    if (this.#ownsDispatcher && d !== undefined) {
      this.#dispatcher = undefined;
      await d.close();
    }
  }

  #getDispatcher(): Dispatcher {
    // Created lazily: undici reads the proxy variables when the agent is built.
    this.#dispatcher ??= createDefaultDispatcher();
    return this.#dispatcher;
  }

  /** Delay before the next attempt, or undefined when this failure must not be retried. */
  #retryDelay(
    op: OperationBinding,
    failure: ServiceError | TransportError,
    attempt: number,
  ): number | undefined {
    if (!failure.isRetryable) return undefined;
    let throttling = false;
    let retryAfterMs: number | undefined;
    if (isServiceError(failure)) {
      throttling = failure.throttling;
      retryAfterMs = failure.retryAfterMs;
      // A non-replay-safe request (CreateToken) is resent only when the service says it did not
      // process it: throttled, or unavailable. A 500/502/504 may come after the code was used.
      if (!op.replaySafe && !(throttling || failure.status === 429 || failure.status === 503))
        return undefined;
    } else if (!op.replaySafe && failure.mayHaveBeenProcessed) {
      return undefined;
    }
    if (retryAfterMs !== undefined && retryAfterMs > this.#retry.maxDelayMs) return undefined;
    const backoff = computeBackoff(attempt - 1, throttling, this.#retry, this.#random);
    return Math.max(backoff, retryAfterMs ?? 0);
  }

  async #attempt(
    op: OperationBinding,
    method: 'GET' | 'POST',
    url: URL,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    secrets: readonly string[],
  ): Promise<HttpResponse> {
    // The signer may have been slow: do not start a request the caller no longer wants.
    if (signal?.aborted) throw abortedError(signal);
    const request$ = new AbortController();
    const timer = new AbortController();
    let timedOut = false;
    this.#clock.sleep(timeoutMs, timer.signal).then(
      () => {
        timedOut = true;
        request$.abort();
      },
      () => {},
    );
    const onAbort = () => request$.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await request(url, {
        method,
        headers,
        body,
        signal: request$.signal,
        dispatcher: this.#getDispatcher(),
      });
      const text = await res.body.text();
      return { status: res.statusCode, headers: res.headers as HttpResponse['headers'], body: text };
    } catch (e) {
      if (signal?.aborted) throw abortedError(signal);
      if (timedOut) {
        throw new TransportError(
          ErrorCode.TIMEOUT,
          `${op.service} ${op.name} did not answer within ${timeoutMs} ms (${this.endpoint}).`,
          { operation: op.name, isRetryable: true, mayHaveBeenProcessed: true },
        );
      }
      throw networkError(op, this.endpoint, e, secrets);
    } finally {
      timer.abort();
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

function checkTimeout(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0)
    throw new RangeError('timeoutMs must be a number of milliseconds > 0.');
  return ms;
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects fail with an AggregateError of one error per address.
  const inner = (e as { errors?: unknown }).errors;
  if (Array.isArray(inner)) return errorCode(inner[0]);
  return errorCode((e as { cause?: unknown }).cause);
}

function networkError(
  op: OperationBinding,
  endpoint: string,
  e: unknown,
  secrets: readonly string[],
): TransportError {
  const code = errorCode(e);
  const detail = scrubText(e instanceof Error ? e.message : String(e), secrets);
  // Keep the failure as cause, but only its name, code and a scrubbed message: a foreign error
  // may carry the request (with its secrets) in its own properties.
  const cause = Object.assign(new Error(detail), { name: e instanceof Error ? e.name : 'Error', code });
  return new TransportError(
    ErrorCode.NETWORK,
    `${op.service} ${op.name} could not reach ${endpoint}: ${code ?? 'network error'}${detail && detail !== code ? ` (${detail})` : ''}. Check the network, proxy settings (HTTPS_PROXY, NO_PROXY) and the endpoint.`,
    {
      operation: op.name,
      networkCode: code,
      isRetryable: code !== undefined && RETRYABLE_NETWORK_CODES.has(code),
      mayHaveBeenProcessed: !(code !== undefined && NOT_SENT_NETWORK_CODES.has(code)),
      cause,
    },
  );
}

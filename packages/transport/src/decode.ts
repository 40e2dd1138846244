import type { OperationBinding, SchemaOutput, ServiceErrorSpec } from '@ssokit/protocol/core';
import {
  ERROR_TYPE_HEADER,
  ErrorCode,
  findOAuthError,
  findServiceError,
  isWireValidator,
  parseErrorTypeHeader,
  REQUEST_ID_HEADER,
  redactSecrets,
  SERVICE_ERRORS,
  scrubText,
} from '@ssokit/protocol/core';
import { isAwsQuery, queryError, queryResult, type XmlReader } from './aws-query.js';
import { ServiceError, TransportError } from './errors.js';
import { parseRetryAfter } from './retry.js';
import { zodBinding } from './serialize.js';

/** Response headers as undici gives them: lower-case names. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** A received HTTP response, body already read. */
export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: string;
}

/** Statuses that mean "a transient server-side fault": worth another attempt. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);
const THROTTLING_NAMES = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);
const MAX_CAUSE_CHARS = 2048;

/** First value of a header. */
export function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Turns a 2xx response into the operation's typed output. An empty body is `{}`. An AWS Query
 * (STS) answer is XML: its `<{Operation}Result>` is the output, read with `options.xml`. Malformed
 * JSON or XML, or a body that does not match the (lenient) schema is a `TransportError` with code
 * `ErrorCode.INVALID_RESPONSE`.
 *
 * @example
 * ```ts
 * parseSuccess(ListAccounts, { status: 200, headers: {}, body: '{"accountList":[]}' }); // { accountList: [] }
 * ```
 */
export function parseSuccess<Op extends OperationBinding>(
  op: Op,
  response: HttpResponse,
  options: { xml?: XmlReader | undefined } = {},
): SchemaOutput<Op['output']> {
  const label = `${op.service} ${op.name}`;
  let json: unknown = {};
  if (isAwsQuery(op)) {
    if (!options.xml) throw new TypeError(`parseSuccess: ${label} answers XML; pass options.xml.`);
    try {
      json = queryResult(op, options.xml(response.body));
    } catch (cause) {
      throw new TransportError(
        ErrorCode.INVALID_RESPONSE,
        `${label} returned a response that is not its XML answer (${response.body.length} bytes, status ${response.status}); the body may be truncated or come from a proxy.`,
        { operation: op.name, status: response.status, cause: stripMessage(cause) },
      );
    }
  } else if (response.body.trim() !== '') {
    try {
      json = JSON.parse(response.body);
    } catch (cause) {
      throw new TransportError(
        ErrorCode.INVALID_RESPONSE,
        `${label} returned a response that is not valid JSON (${response.body.length} bytes, status ${response.status}); the body may be truncated or come from a proxy.`,
        { operation: op.name, status: response.status, cause: stripMessage(cause) },
      );
    }
  }
  return checkOutput(op, json, response.status);
}

/**
 * {@link parseSuccess} as `Transport.send` runs it. A binding of `@ssokit/protocol/wire` checks the
 * body with its compiled validator; only when that rejects is the zod binding of the same name
 * loaded (with zod), so the error says what today's schema says. @internal
 */
export async function decodeSuccess<Op extends OperationBinding>(
  op: Op,
  response: HttpResponse,
  options: { xml?: XmlReader | undefined } = {},
): Promise<SchemaOutput<Op['output']>> {
  try {
    return parseSuccess(op, response, options);
  } catch (e) {
    if (!(e instanceof TransportError) || !isWireValidator(op.output)) throw e;
    const source = await zodBinding(op);
    if (source === op) throw e;
    return parseSuccess(source as Op, response, options);
  }
}

/**
 * Checks a decoded body against the operation's response schema (the last step of
 * {@link parseSuccess}). @internal
 */
export function checkOutput<Op extends OperationBinding>(
  op: Op,
  json: unknown,
  status: number,
): SchemaOutput<Op['output']> {
  const result = op.output.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join('.') : 'body';
    throw new TransportError(
      ErrorCode.INVALID_RESPONSE,
      `${op.service} ${op.name} returned a response that does not match its schema at ${where}: ${issue?.message ?? 'invalid'}.`,
      { operation: op.name, status },
    );
  }
  return result.data as SchemaOutput<Op['output']>;
}

// JSON.parse messages quote part of the input, which may be a secret; keep only the error type.
function stripMessage(cause: unknown): Error {
  return new Error(cause instanceof Error ? cause.name : 'parse error');
}

/**
 * Decodes an error response into a {@link ServiceError}: the name from `x-amzn-errortype`, then
 * body `__type`, then body `code`, then (sso-oidc) the OAuth `error` member, then the status.
 * Every text taken from the response is scrubbed of `secrets` (the secret values sent).
 *
 * @example
 * ```ts
 * const err = decodeServiceError(CreateToken, {
 *   status: 400,
 *   headers: { 'x-amzn-errortype': 'AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/' },
 *   body: '{"error":"authorization_pending","error_description":"Authorization is still pending"}',
 * }, { now: Date.now() });
 * err.name; // 'AuthorizationPendingException'
 * ```
 */
export function decodeServiceError(
  op: OperationBinding,
  response: HttpResponse,
  options: { secrets?: readonly string[]; now?: number; xml?: XmlReader | undefined } = {},
): ServiceError {
  const secrets = options.secrets ?? [];
  const scrub = (s: string) => scrubText(s, secrets);
  let body: Record<string, unknown> = {};
  if (isAwsQuery(op) && options.xml && response.body.trim() !== '') {
    // AWS Query errors: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
    try {
      const e = queryError(options.xml(response.body));
      body = {
        ...(e.code ? { code: e.code } : {}),
        ...(e.message ? { message: e.message } : {}),
        ...(e.requestId ? { requestId: e.requestId } : {}),
        ...(e.type ? { type: e.type } : {}),
      };
    } catch {
      // not XML (a proxy's page): decode from the status
    }
  } else if (response.body.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(response.body);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON (an HTML page from a proxy, a truncated body): decode from header and status.
    }
  }
  const str = (key: string): string | undefined => {
    const v = body[key];
    return typeof v === 'string' && v !== '' ? scrub(v) : undefined;
  };

  const oauthError = str('error');
  let name: string | undefined;
  const header = headerValue(response.headers, ERROR_TYPE_HEADER);
  if (header?.trim()) name = parseErrorTypeHeader(header);
  if (!name) {
    const typed = str('__type') ?? str('code');
    if (typed) name = parseErrorTypeHeader(typed);
  }
  let spec: ServiceErrorSpec | undefined;
  if (!name && oauthError && op.service === 'sso-oidc') spec = findOAuthError(oauthError);
  if (!name && spec) name = spec.name;
  if (!name) name = nameFromStatus(op, response.status);
  spec ??= findServiceError(op.service, name) ?? SERVICE_ERRORS.find((e) => e.name === name);

  const status = response.status;
  const throttling = (spec?.throttling ?? false) || status === 429 || THROTTLING_NAMES.has(name);
  const isRetryable = (spec?.retryable ?? false) || throttling || TRANSIENT_STATUSES.has(status);
  const retryAfterMs = parseRetryAfter(
    headerValue(response.headers, 'retry-after'),
    options.now ?? Date.now(),
  );
  const raw =
    response.body.length > MAX_CAUSE_CHARS ? `${response.body.slice(0, MAX_CAUSE_CHARS)}…` : response.body;
  return new ServiceError({
    name,
    service: op.service,
    operation: op.name,
    status,
    requestId: headerValue(response.headers, REQUEST_ID_HEADER) ?? str('requestId'),
    oauthError,
    errorDescription: str('error_description'),
    reason: str('reason'),
    serviceMessage: str('message') ?? str('Message'),
    fault:
      spec?.fault ??
      (body['type'] === 'Receiver' ? 'server' : body['type'] === 'Sender' ? 'client' : undefined) ??
      (status >= 500 ? 'server' : 'client'),
    throttling,
    isRetryable,
    retryAfterMs,
    cause: raw === '' ? undefined : { body: redactBody(raw, secrets) },
  });
}

// Scrub the raw body twice over: known secret values, and any secret-named member in JSON.
function redactBody(raw: string, secrets: readonly string[]): string {
  const scrubbed = scrubText(raw, secrets);
  try {
    return JSON.stringify(redactSecrets(JSON.parse(scrubbed)));
  } catch {
    return scrubbed;
  }
}

function nameFromStatus(op: OperationBinding, status: number): string {
  // Only a status that maps to exactly one catalogued error of this service names it.
  const matches = SERVICE_ERRORS.filter((e) => e.service === op.service && e.status === status);
  if (matches.length === 1 && matches[0]) return matches[0].name;
  if (status === 429) return 'TooManyRequestsException';
  if (status === 503) return 'ServiceUnavailableException';
  if (status >= 500) return 'InternalServerException';
  return 'UnknownError';
}

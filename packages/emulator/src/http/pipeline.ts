import { randomUUID } from 'node:crypto';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { REQUEST_ID_HEADER, redactSecrets } from '@ssokit/protocol';
import type { MiddlewareHandler } from 'hono';
import type { AdminState } from '../admin/admin-state.js';
import { capStrings, MAX_RECORDED_BODY_BYTES, type RecordedRequest } from '../admin/request-log.js';
import { ServiceFailure } from '../errors.js';
import {
  bodyTooLarge,
  type Ctx,
  type Env,
  failureResponse,
  headersOf,
  hostOf,
  readBody,
  splitUrl,
  TOO_LARGE,
} from './context.js';
import { applyFault } from './faults.js';
import type { HostGuard } from './host-guard.js';
import { operationFor, serviceOf } from './routes.js';
import { stsActionOf } from './sts.js';

/** Keeps a bounded, redacted copy of a request body in its log entry. */
function recordBody(record: RecordedRequest, raw: string, contentType: string): void {
  const bytes = Buffer.byteLength(raw);
  record.bodyBytes = bytes;
  if (bytes > MAX_RECORDED_BODY_BYTES) return; // logged by size only: the log stays small whatever clients send
  if (contentType.includes('json')) {
    try {
      record.body = capStrings(redactSecrets(JSON.parse(raw)));
    } catch {
      // recorded without a body: it was not JSON
    }
  } else if (contentType.includes('x-www-form-urlencoded')) {
    record.body = capStrings(redactSecrets(Object.fromEntries(new URLSearchParams(raw))));
  }
}

/**
 * What every request outside `/_emulator/` goes through before its route: a request id, the
 * operation it addresses, the log and counters, the cross-origin check for posts, the body (read
 * once, within the limit), injected faults and rate limits.
 */
export function requestPipeline(
  state: AdminState,
  guard: HostGuard,
  now: () => number,
): MiddlewareHandler<Env> {
  async function gate(c: Ctx, record: RecordedRequest): Promise<Response | undefined> {
    const op = c.get('op');
    const service = serviceOf(op);
    const headers = c.get('headers');
    const isRead = c.req.method === 'GET' || c.req.method === 'HEAD';
    // a web page of another origin may link to the pages, but not post to anything
    if (!isRead && !guard.allowsOrigin(headers, hostOf(c)!))
      return failureResponse(
        c,
        new ServiceFailure(
          service,
          'AccessDeniedException',
          'Requests from web pages of other origins are refused',
          {
            status: 403,
          },
        ),
      );
    let raw = '';
    if (!isRead || headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) {
      const body = await readBody(c);
      if (body === undefined)
        return failureResponse(
          c,
          new ServiceFailure(service, 'InvalidRequestException', 'The request body could not be read'),
        );
      if (body === TOO_LARGE) {
        // the rest of the body is never read: close the connection once the answer is out
        c.header('connection', 'close');
        return failureResponse(c, bodyTooLarge(service));
      }
      raw = body;
    }
    if (raw !== '') recordBody(record, raw, headers['content-type'] ?? '');
    c.set('raw', raw);
    // STS names its action in the body: log and count it like an operation
    const stsAction = op === undefined && record.path === '/' && !isRead ? stsActionOf(raw) : undefined;
    if (stsAction !== undefined) {
      record.operation = stsAction;
      state.count(stsAction);
    }

    const fault = state.takeFault(op, record.path);
    if (fault) {
      const answered = await applyFault(c, fault, service, state.hangs);
      if (answered) return answered;
    }
    if (op !== undefined && !state.allow(op))
      return failureResponse(
        c,
        new ServiceFailure(service, 'TooManyRequestsException', 'Rate exceeded', { status: 429 }),
      );
    return undefined;
  }

  return async (c, next) => {
    if (c.req.path.startsWith('/_emulator/')) return next();
    c.header(REQUEST_ID_HEADER, randomUUID());
    const url = splitUrl(c);
    const op = operationFor(c.req.method, url.path, url.query);
    const headers = headersOf(c);
    c.set('op', op);
    c.set('headers', headers);
    c.set('query', url.query);
    const record: RecordedRequest = {
      time: now(),
      method: c.req.method,
      path: url.path,
      query: capStrings(redactSecrets(Object.fromEntries(url.query))),
      headers: capStrings(redactSecrets(headers)),
      status: 0,
      ...(op === undefined ? {} : { operation: op }),
    };
    state.record(record);
    if (op !== undefined) state.count(op);
    const early = await gate(c, record);
    if (early === undefined) await next();
    const res = early ?? c.res;
    // a reset, hung or truncated connection never got a whole answer
    record.status = res === RESPONSE_ALREADY_SENT ? 0 : res.status;
    return early;
  };
}

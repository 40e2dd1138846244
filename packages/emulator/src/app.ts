import { randomUUID } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import {
  BEARER_TOKEN_HEADER,
  ERROR_TYPE_HEADER,
  isSsokitError,
  OPERATIONS,
  type OperationBinding,
  type OperationName,
  REQUEST_ID_HEADER,
  redactSecrets,
  type ServiceName,
} from '@ssokit/protocol';
import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Controls, FaultSpec, RecordedRequest } from './controls.js';
import type { IdentityCenter } from './engine.js';
import { oidcError, portalError, ServiceFailure } from './errors.js';
import { consentPage, resultPage, signInPage, startPage, verificationPage } from './pages.js';
import { verifySigV4 } from './sigv4.js';
import type { EmulatorAdmin } from './start-emulator.js';

/** Largest request body accepted; AWS rejects far smaller bodies than this for these APIs. */
export const MAX_BODY_BYTES = 64 * 1024;

type Env = {
  Bindings: HttpBindings;
  Variables: {
    raw: string;
    op: OperationName | undefined;
    headers: Record<string, string>;
    query: URLSearchParams;
  };
};

/**
 * Request headers as a plain lower-case record. Reads node's already-parsed headers when served by
 * @hono/node-server (building a fetch `Headers` object per request is the costliest step on the hot path).
 */
function headersOf(c: Context<Env>): Record<string, string> {
  const out: Record<string, string> = {};
  const incoming = c.env?.incoming?.headers;
  if (incoming) {
    for (const [k, v] of Object.entries(incoming))
      if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  } else {
    c.req.raw.headers.forEach((v, k) => {
      out[k] = v;
    });
  }
  return out;
}

function splitUrl(c: Context<Env>): { path: string; query: URLSearchParams } {
  const target = c.env?.incoming?.url ?? c.req.url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const q = target.indexOf('?');
  return q < 0
    ? { path: c.req.path, query: new URLSearchParams() }
    : { path: c.req.path, query: new URLSearchParams(target.slice(q + 1)) };
}

const OPERATION_ENTRIES = Object.values(OPERATIONS) as OperationBinding[];

/** Which operation a method + path (+ query) addresses. */
export function operationFor(
  method: string,
  path: string,
  query: URLSearchParams,
): OperationName | undefined {
  if (method === 'POST' && path === '/token')
    return query.get('aws_iam') === 't' ? 'CreateTokenWithIAM' : 'CreateToken';
  const b = OPERATION_ENTRIES.find((o) => o.method === method && o.path.split('?')[0] === path);
  return b?.name as OperationName | undefined;
}

const serviceOf = (op: OperationName | undefined): ServiceName =>
  op === undefined ? 'sso-oidc' : (OPERATIONS[op].service as ServiceName);

function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

function failureResponse(c: Context<Env>, f: ServiceFailure): Response {
  c.header(ERROR_TYPE_HEADER, f.errorName);
  return c.json(f.body(), f.status as 400);
}

/** Parses a JSON request body: empty means `{}`; anything but an object is a 400. */
function jsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw oidcError('InvalidRequestException', 'The request body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw oidcError('InvalidRequestException', 'The request body must be a JSON object');
  return v as Record<string, unknown>;
}

function validate<S extends z.ZodType>(schema: S, input: unknown, service: ServiceName): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = issue.path.length > 1 ? `${issue.path.join('.')}: ` : '';
  const message = `${where}${issue.message}`;
  throw service === 'sso'
    ? portalError('InvalidRequestException', message)
    : oidcError('InvalidRequestException', message);
}

/** Reads a portal request's members from the query and headers named by its binding. */
function portalInput(binding: OperationBinding, c: Context<Env>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const query = c.get('query');
  const headers = c.get('headers');
  for (const [member, loc] of Object.entries(binding.members)) {
    const v = loc.in === 'query' ? (query.get(loc.name) ?? undefined) : headers[loc.name];
    if (v === undefined) continue;
    input[member] = member === 'maxResults' ? (/^\s*$/.test(v) ? Number.NaN : Number(v)) : v;
  }
  if (typeof input.accessToken !== 'string' || input.accessToken === '')
    throw portalError('UnauthorizedException', 'Session token not found or invalid');
  return input;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Everything the HTTP layer needs. */
export interface AppDeps {
  engine: IdentityCenter;
  controls: Controls;
  region: string;
  now: () => number;
  admin: AdminHandlers;
}

/** The admin operations the HTTP admin API exposes: the programmatic admin itself. */
export type AdminHandlers = EmulatorAdmin;

/**
 * Builds the Hono app: the eight operations, the pages, and the loopback-only admin API.
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const { engine, controls } = deps;
  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof ServiceFailure) return failureResponse(c, err);
    if (isSsokitError(err)) return c.json({ code: err.code, message: err.message }, 400);
    if (err instanceof SyntaxError) return c.json({ message: 'The request body is not valid JSON' }, 400);
    // A bug: say so without leaking internals.
    c.header(ERROR_TYPE_HEADER, 'InternalServerException');
    return c.json({ error: 'server_error', error_description: 'Internal error in the emulator' }, 500);
  });
  app.notFound((c) => {
    c.header(ERROR_TYPE_HEADER, 'UnknownOperationException');
    return c.json({ message: `No route for ${c.req.method} ${c.req.path}` }, 404);
  });

  // Admin API: loopback only, not logged, no faults.
  app.use('/_emulator/*', async (c, next) => {
    c.header(REQUEST_ID_HEADER, randomUUID());
    if (!isLoopbackAddress(c.env?.incoming?.socket?.remoteAddress))
      return c.json({ message: 'The admin API answers loopback clients only' }, 403);
    await next();
  });
  mountAdmin(app, deps.admin);

  // Everything else: request id, body limit, log, counters, faults, rate limits.
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/_emulator/')) return next();
    c.header(REQUEST_ID_HEADER, randomUUID());
    const url = splitUrl(c);
    const op = operationFor(c.req.method, url.path, url.query);
    const headers = headersOf(c);
    c.set('op', op);
    c.set('headers', headers);
    c.set('query', url.query);
    const record: RecordedRequest = {
      time: deps.now(),
      method: c.req.method,
      path: url.path,
      query: Object.fromEntries(url.query),
      headers: redactSecrets(headers),
      status: 0,
      ...(op === undefined ? {} : { operation: op }),
    };
    controls.record(record);
    if (op !== undefined) controls.count(op);
    const early = await handleRequest(c, next, op, url, record);
    const res = early ?? c.res;
    // a reset, hung or truncated connection never got a whole answer
    record.status = res === RESPONSE_ALREADY_SENT ? 0 : res.status;
    return early;
  });

  async function handleRequest(
    c: Context<Env>,
    next: () => Promise<void>,
    op: OperationName | undefined,
    url: { path: string },
    record: RecordedRequest,
  ): Promise<Response | undefined> {
    const service = serviceOf(op);
    let raw = '';
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const declared = Number(c.get('headers')['content-length'] ?? '0');
      if (declared > MAX_BODY_BYTES) return tooLarge(c, service);
      try {
        raw = await c.req.text();
      } catch {
        return failureResponse(
          c,
          new ServiceFailure(service, 'InvalidRequestException', 'The request body could not be read'),
        );
      }
      if (Buffer.byteLength(raw) > MAX_BODY_BYTES) return tooLarge(c, service);
      const type = c.get('headers')['content-type'] ?? '';
      if (raw !== '' && type.includes('json')) {
        try {
          record.body = redactSecrets(JSON.parse(raw));
        } catch {
          // recorded without a body: it was not JSON
        }
      } else if (raw !== '' && type.includes('x-www-form-urlencoded')) {
        record.body = redactSecrets(Object.fromEntries(new URLSearchParams(raw)));
      }
    }
    c.set('raw', raw);

    const fault = controls.takeFault(op, url.path);
    if (fault) {
      const answered = await applyFault(c, fault, service);
      if (answered) return answered;
    }
    if (op !== undefined && !controls.allow(op)) {
      const f = new ServiceFailure(service, 'TooManyRequestsException', 'Rate exceeded', { status: 429 });
      return failureResponse(c, f);
    }
    await next();
    return undefined;
  }

  function tooLarge(c: Context<Env>, service: ServiceName): Response {
    return failureResponse(
      c,
      new ServiceFailure(
        service,
        'InvalidRequestException',
        `The request body is larger than ${MAX_BODY_BYTES} bytes`,
        {
          status: 413,
        },
      ),
    );
  }

  async function applyFault(
    c: Context<Env>,
    fault: FaultSpec,
    service: ServiceName,
  ): Promise<Response | undefined> {
    const socket = c.env?.incoming?.socket;
    switch (fault.kind) {
      case 'latency':
        await sleep(fault.latencyMs ?? 1000);
        return undefined;
      case '500':
        return failureResponse(
          c,
          service === 'sso-oidc'
            ? oidcError('InternalServerException', 'Injected fault: internal error')
            : new ServiceFailure('sso', 'InternalServerException', 'Injected fault: internal error', {
                status: 500,
              }),
        );
      case '503':
        return failureResponse(
          c,
          new ServiceFailure(service, 'ServiceUnavailableException', 'Injected fault: service unavailable', {
            status: 503,
          }),
        );
      case '429':
        return failureResponse(
          c,
          new ServiceFailure(service, 'TooManyRequestsException', 'Injected fault: rate exceeded', {
            status: 429,
          }),
        );
      case 'malformed-json':
        c.header('content-type', 'application/json');
        return c.body('{"accessToken": "unterminated', 200);
      case 'reset':
        socket?.destroy();
        return RESPONSE_ALREADY_SENT;
      case 'hang':
        await new Promise<void>((resolve) => {
          controls.hangs.add(resolve);
          socket?.once('close', () => resolve());
        });
        socket?.destroy();
        return RESPONSE_ALREADY_SENT;
      case 'truncated': {
        const out = c.env?.outgoing;
        if (!out) return c.body('{"trunc', 200);
        out.writeHead(200, {
          'content-type': 'application/json',
          'content-length': '512',
          [REQUEST_ID_HEADER]: randomUUID(),
        });
        out.write('{"roleCredentials":{"accessKeyId":"ASIA', () => socket?.destroy());
        return RESPONSE_ALREADY_SENT;
      }
    }
  }

  // ───────────── sso-oidc ─────────────
  app.post('/client/register', (c) => {
    const req = validate(OPERATIONS.RegisterClient.input, jsonObject(c.get('raw')), 'sso-oidc');
    return c.json(engine.registerClient(req));
  });
  app.post('/device_authorization', (c) => {
    const req = validate(OPERATIONS.StartDeviceAuthorization.input, jsonObject(c.get('raw')), 'sso-oidc');
    return c.json(engine.startDeviceAuthorization(req));
  });
  app.post('/token', async (c) => {
    if (c.get('op') === 'CreateTokenWithIAM') {
      const verdict = await verifySigV4(
        {
          method: 'POST',
          path: c.req.path,
          query: Object.fromEntries(c.get('query')),
          headers: c.get('headers'),
          body: c.get('raw'),
        },
        deps.region,
        (akid) => engine.issuedCredentials(akid),
        () => engine.clock.wallNow(),
      );
      if ('errorName' in verdict)
        return failureResponse(
          c,
          new ServiceFailure('sso-oidc', verdict.errorName, verdict.message, { status: 403 }),
        );
      const req = validate(OPERATIONS.CreateTokenWithIAM.input, jsonObject(c.get('raw')), 'sso-oidc');
      return c.json(await engine.createTokenWithIAM(req));
    }
    const req = validate(OPERATIONS.CreateToken.input, jsonObject(c.get('raw')), 'sso-oidc');
    return c.json(await engine.createToken(req));
  });

  // ───────────── portal ─────────────
  app.get('/federation/credentials', (c) => {
    const req = validate(
      OPERATIONS.GetRoleCredentials.input,
      portalInput(OPERATIONS.GetRoleCredentials, c),
      'sso',
    );
    return c.json(engine.getRoleCredentials(req.accessToken, req.accountId, req.roleName));
  });
  app.get('/assignment/accounts', (c) => {
    const req = validate(OPERATIONS.ListAccounts.input, portalInput(OPERATIONS.ListAccounts, c), 'sso');
    return c.json(engine.listAccounts(req.accessToken, req.maxResults, req.nextToken));
  });
  app.get('/assignment/roles', (c) => {
    const req = validate(
      OPERATIONS.ListAccountRoles.input,
      portalInput(OPERATIONS.ListAccountRoles, c),
      'sso',
    );
    return c.json(engine.listAccountRoles(req.accessToken, req.accountId, req.maxResults, req.nextToken));
  });
  app.post('/logout', (c) => {
    const token = c.get('headers')[BEARER_TOKEN_HEADER];
    if (!token) throw portalError('UnauthorizedException', 'Session token not found or invalid');
    engine.logout(token);
    return c.body(null, 200);
  });

  // ───────────── pages ─────────────
  const form = (c: Context<Env>) => new URLSearchParams(c.get('raw'));
  const origin = (c: Context<Env>) => `http://${c.get('headers').host ?? 'localhost'}`;

  app.get('/', (c) => c.html(startPage(origin(c))));
  app.get('/start', (c) => c.html(startPage(origin(c))));
  app.get('/device', (c) => c.html(verificationPage(c.get('query').get('user_code') ?? '')));
  app.post('/device', (c) => {
    const code = form(c).get('user_code') ?? '';
    const found = engine.lookupUserCode(code);
    if (found === undefined)
      return c.html(verificationPage(code, 'That code is not valid. Check it and try again.'), 400);
    if (found === 'expired') return c.html(resultPage('expired'), 400);
    return c.html(signInPage('/device/signin', { user_code: found.userCode }, engine.users()));
  });
  app.post('/device/signin', (c) => {
    const f = form(c);
    const found = engine.lookupUserCode(f.get('user_code') ?? '');
    const user = f.get('user') ?? '';
    if (found === undefined || found === 'expired') return c.html(resultPage('expired'), 400);
    if (!engine.hasUser(user)) return c.html(resultPage('error', 'Choose a user of this directory.'), 400);
    return c.html(
      consentPage('/device/consent', { user_code: found.userCode, user }, found.clientName, found.scopes),
    );
  });
  app.post('/device/consent', (c) => {
    const f = form(c);
    const userCode = f.get('user_code') ?? '';
    const decision = f.get('decision');
    try {
      if (decision === 'allow') engine.decideDevice(userCode, 'approve', f.get('user') ?? '');
      else engine.decideDevice(userCode, 'deny');
    } catch {
      return c.html(resultPage('expired'), 400);
    }
    return c.html(resultPage(decision === 'allow' ? 'approved' : 'denied'));
  });
  app.get('/authorize', (c) => {
    const out = engine.beginAuthorize(Object.fromEntries(c.get('query')));
    if (out.kind === 'page-error') return c.html(resultPage('error', out.message), 400);
    if (out.kind === 'redirect') return c.redirect(out.location, 302);
    return c.html(signInPage('/authorize/signin', { request_id: out.request.id }, engine.users()));
  });
  app.post('/authorize/signin', (c) => {
    const f = form(c);
    const r = engine.authorizeRequest(f.get('request_id') ?? '');
    const user = f.get('user') ?? '';
    if (!r) return c.html(resultPage('expired'), 400);
    if (!engine.hasUser(user)) return c.html(resultPage('error', 'Choose a user of this directory.'), 400);
    return c.html(consentPage('/authorize/consent', { request_id: r.id, user }, r.clientName, r.scopes));
  });
  app.post('/authorize/consent', (c) => {
    const f = form(c);
    const id = f.get('request_id') ?? '';
    const user = f.get('user') ?? '';
    if (!engine.authorizeRequest(id)) return c.html(resultPage('expired'), 400);
    if (f.get('decision') === 'allow' && !engine.hasUser(user))
      return c.html(resultPage('error', 'Choose a user of this directory.'), 400);
    return c.redirect(
      engine.decideAuthorize(id, f.get('decision') === 'allow' ? 'approve' : 'deny', user),
      303,
    );
  });

  return app;
}

function mountAdmin(app: Hono<Env>, admin: AdminHandlers): void {
  const body = async (c: Context<Env>): Promise<Record<string, unknown>> => {
    const text = await c.req.text();
    if (text.trim() === '') return {};
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new SyntaxError('expected a JSON object');
    return v as Record<string, unknown>;
  };
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const ok = (c: Context<Env>) => c.json({ ok: true });

  app.get('/_emulator/requests', (c) => c.json({ requests: admin.requests() }));
  app.delete('/_emulator/requests', (c) => {
    admin.clearRequests();
    return ok(c);
  });
  app.get('/_emulator/counters', (c) => c.json({ counters: admin.counters() }));
  app.get('/_emulator/device-authorizations', (c) =>
    c.json({ deviceAuthorizations: admin.pendingDeviceAuthorizations() }),
  );
  app.post('/_emulator/device-authorizations/approve', async (c) => {
    const b = await body(c);
    admin.approve(str(b.userCode) ?? '', str(b.user));
    return ok(c);
  });
  app.post('/_emulator/device-authorizations/deny', async (c) => {
    const b = await body(c);
    admin.deny(str(b.userCode) ?? '');
    return ok(c);
  });
  app.get('/_emulator/clock', (c) => c.json({ now: admin.now() }));
  app.post('/_emulator/clock/advance', async (c) => {
    const b = await body(c);
    if (typeof b.ms !== 'number' || !Number.isFinite(b.ms) || b.ms < 0)
      return c.json({ message: 'ms must be a non-negative number' }, 400);
    admin.advanceClock(b.ms);
    return c.json({ now: admin.now() });
  });
  app.post('/_emulator/reset', (c) => {
    admin.reset();
    return ok(c);
  });
  app.post('/_emulator/faults', async (c) => {
    const b = await body(c);
    const kinds = ['latency', '500', '503', '429', 'reset', 'hang', 'malformed-json', 'truncated'];
    if (typeof b.route !== 'string' || typeof b.kind !== 'string' || !kinds.includes(b.kind))
      return c.json({ message: `route (string) and kind (one of ${kinds.join(', ')}) are required` }, 400);
    admin.injectFault(b as unknown as FaultSpec);
    return ok(c);
  });
  app.delete('/_emulator/faults', (c) => {
    admin.clearFaults();
    return ok(c);
  });
  app.put('/_emulator/rate-limits/:operation', async (c) => {
    const op = c.req.param('operation');
    if (!(op in OPERATIONS)) return c.json({ message: `unknown operation ${op}` }, 400);
    const b = await body(c);
    const perSecond = typeof b.perSecond === 'number' && b.perSecond > 0 ? b.perSecond : undefined;
    admin.setRateLimit(op as OperationName, perSecond);
    return ok(c);
  });
  app.post('/_emulator/tokens', async (c) => {
    const b = await body(c);
    return c.json(admin.issueAccessToken(str(b.user), { refreshable: b.refreshable === true }));
  });
  app.post('/_emulator/revoke-refresh-tokens', (c) => {
    admin.revokeRefreshTokens();
    return ok(c);
  });
}

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
import { z } from 'zod';
import { readLimitedBody, TOO_LARGE } from './body.js';
import {
  type Controls,
  capStrings,
  type FaultSpec,
  MAX_RECORDED_BODY_BYTES,
  type RecordedRequest,
} from './controls.js';
import type { IdentityCenter } from './engine.js';
import { EmulatorError, EmulatorErrorCode, oidcError, portalError, ServiceFailure } from './errors.js';
import type { HostGuard } from './host-guard.js';
import { parseFaultSpec, requireOperation } from './options.js';
import { consentPage, resultPage, signInPage, startPage, verificationPage } from './pages.js';
import { verifySigV4 } from './sigv4.js';
import type { EmulatorAdmin } from './start-emulator.js';
import { didYouMean } from './suggest.js';

/**
 * Largest request body accepted, admin calls included; AWS rejects far smaller bodies than this
 * for these APIs. Counted as the bytes arrive: a longer body is answered 413 at once.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Every path the emulator serves outside `/_emulator/`: the routes faults may name. */
export const ROUTE_PATHS = Object.freeze([
  '/client/register',
  '/device_authorization',
  '/token',
  '/federation/credentials',
  '/assignment/accounts',
  '/assignment/roles',
  '/logout',
  '/',
  '/start',
  '/device',
  '/device/signin',
  '/device/consent',
  '/authorize',
  '/authorize/signin',
  '/authorize/consent',
]);

/** The admin API's routes, for "did you mean" on a misspelt one. */
const ADMIN_PATHS = [
  '/_emulator/requests',
  '/_emulator/counters',
  '/_emulator/sizes',
  '/_emulator/device-authorizations',
  '/_emulator/device-authorizations/approve',
  '/_emulator/device-authorizations/deny',
  '/_emulator/clock',
  '/_emulator/clock/advance',
  '/_emulator/reset',
  '/_emulator/faults',
  '/_emulator/rate-limits/:operation',
  '/_emulator/tokens',
  '/_emulator/revoke-refresh-tokens',
];

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
  guard: HostGuard;
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
    const hint = c.req.path.startsWith('/_emulator/') ? didYouMean(c.req.path, ADMIN_PATHS) : '';
    return c.json({ message: `No route for ${c.req.method} ${c.req.path}.${hint}`.replace(/\.$/, '') }, 404);
  });

  // Every request: it must be addressed to this emulator by name (DNS rebinding).
  app.use('*', async (c, next) => {
    const host = hostOf(c);
    if (!deps.guard.allowsHost(host)) {
      c.header(REQUEST_ID_HEADER, randomUUID());
      return c.json(
        {
          message:
            'The emulator answers requests addressed to localhost, 127.0.0.1, [::1] or the host it is bound to only ' +
            '(add other names with the allowedHosts option or --allowed-host)',
        },
        403,
      );
    }
    await next();
  });

  // Admin API: loopback clients, same-origin or non-browser requests; not logged, no faults.
  app.use('/_emulator/*', async (c, next) => {
    c.header(REQUEST_ID_HEADER, randomUUID());
    if (!isLoopbackAddress(c.env?.incoming?.socket?.remoteAddress))
      return c.json({ message: 'The admin API answers loopback clients only' }, 403);
    if (!deps.guard.allowsOrigin(headersOf(c), hostOf(c)!))
      return c.json({ message: 'The admin API refuses requests from web pages of other origins' }, 403);
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
      query: capStrings(Object.fromEntries(url.query)),
      headers: capStrings(redactSecrets(headers)),
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
    const headers = c.get('headers');
    const isRead = c.req.method === 'GET' || c.req.method === 'HEAD';
    // a web page of another origin may link to the pages, but not post to anything
    if (!isRead && !deps.guard.allowsOrigin(headers, hostOf(c)!))
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
      if (body === TOO_LARGE) return tooLarge(c, service);
      raw = body;
    }
    if (raw !== '') {
      const bytes = Buffer.byteLength(raw);
      record.bodyBytes = bytes;
      const type = headers['content-type'] ?? '';
      if (bytes > MAX_RECORDED_BODY_BYTES) {
        // logged by size only: the log stays small whatever clients send
      } else if (type.includes('json')) {
        try {
          record.body = capStrings(redactSecrets(JSON.parse(raw)));
        } catch {
          // recorded without a body: it was not JSON
        }
      } else if (type.includes('x-www-form-urlencoded')) {
        record.body = capStrings(redactSecrets(Object.fromEntries(new URLSearchParams(raw))));
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
    // the rest of the body is never read: close the connection once the answer is out
    c.header('connection', 'close');
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

/** The Host a request names: node's header, or the URL's host under `app.request`. */
function hostOf(c: Context<Env>): string | undefined {
  return c.env?.incoming?.headers.host ?? new URL(c.req.url).host;
}

/** The body, at most {@link MAX_BODY_BYTES}; undefined when it could not be read. */
async function readBody(c: Context<Env>): Promise<string | typeof TOO_LARGE | undefined> {
  try {
    return await readLimitedBody(c.env?.incoming, c.req.raw, MAX_BODY_BYTES);
  } catch {
    return undefined;
  }
}

const adminError = (message: string) => new EmulatorError(EmulatorErrorCode.INVALID_ARGUMENT, message);

/** Bodies of the admin API: unknown members are errors that suggest the nearest one. */
const ADMIN_BODIES = {
  empty: z.strictObject({}),
  decide: z.strictObject({
    userCode: z.string({ error: 'userCode (string) is required' }),
    user: z.string().optional(),
  }),
  deny: z.strictObject({ userCode: z.string({ error: 'userCode (string) is required' }) }),
  advance: z.strictObject({
    ms: z
      .number({ error: 'ms must be a non-negative number' })
      .min(0, { error: 'ms must be a non-negative number' }),
  }),
  rateLimit: z.strictObject({
    perSecond: z
      .number({ error: 'perSecond must be a number > 0 (0 or null removes the limit)' })
      .min(0, { error: 'perSecond must be a number > 0 (0 or null removes the limit)' })
      .nullable()
      .optional(),
  }),
  token: z.strictObject({
    user: z.string({ error: 'user must be a string' }).optional(),
    refreshable: z.boolean({ error: 'refreshable must be true or false' }).optional(),
  }),
} as const;

function mountAdmin(app: Hono<Env>, admin: AdminHandlers): void {
  const json = async (c: Context<Env>): Promise<unknown> => {
    const text = await readBody(c);
    if (text === TOO_LARGE) {
      c.header('connection', 'close');
      throw new ServiceFailure(
        'sso-oidc',
        'InvalidRequestException',
        `The request body is larger than ${MAX_BODY_BYTES} bytes`,
        {
          status: 413,
        },
      );
    }
    if (text === undefined || text.trim() === '') return {};
    return JSON.parse(text) as unknown;
  };
  const body = async <S extends z.ZodType>(c: Context<Env>, schema: S): Promise<z.output<S>> => {
    const input = await json(c);
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw adminError(`${c.req.method} ${c.req.path} takes a JSON object`);
    const r = schema.safeParse(input);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const valid = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
      throw adminError(
        `Unknown member ${issue.keys[0]} in the body of ${c.req.method} ${c.req.path}.${didYouMean(issue.keys[0]!, valid)}` +
          (valid.length > 0 ? ` It takes: ${valid.join(', ')}.` : ' It takes no members.'),
      );
    }
    throw adminError(issue.message);
  };
  const ok = (c: Context<Env>) => c.json({ ok: true });

  app.get('/_emulator/requests', (c) => c.json({ requests: admin.requests() }));
  app.delete('/_emulator/requests', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.clearRequests();
    return ok(c);
  });
  app.get('/_emulator/counters', (c) => c.json({ counters: admin.counters() }));
  app.get('/_emulator/sizes', (c) => c.json({ sizes: admin.sizes() }));
  app.get('/_emulator/device-authorizations', (c) =>
    c.json({ deviceAuthorizations: admin.pendingDeviceAuthorizations() }),
  );
  app.post('/_emulator/device-authorizations/approve', async (c) => {
    const b = await body(c, ADMIN_BODIES.decide);
    admin.approve(b.userCode, b.user);
    return ok(c);
  });
  app.post('/_emulator/device-authorizations/deny', async (c) => {
    const b = await body(c, ADMIN_BODIES.deny);
    admin.deny(b.userCode);
    return ok(c);
  });
  app.get('/_emulator/clock', (c) => c.json({ now: admin.now() }));
  app.post('/_emulator/clock/advance', async (c) => {
    const b = await body(c, ADMIN_BODIES.advance);
    admin.advanceClock(b.ms);
    return c.json({ now: admin.now() });
  });
  app.post('/_emulator/reset', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.reset();
    return ok(c);
  });
  app.post('/_emulator/faults', async (c) => {
    admin.injectFault(parseFaultSpec(await json(c), ROUTE_PATHS));
    return ok(c);
  });
  app.delete('/_emulator/faults', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.clearFaults();
    return ok(c);
  });
  app.put('/_emulator/rate-limits/:operation', async (c) => {
    const op = c.req.param('operation');
    requireOperation(op, `PUT /_emulator/rate-limits/${op}`, EmulatorErrorCode.INVALID_ARGUMENT);
    const b = await body(c, ADMIN_BODIES.rateLimit);
    admin.setRateLimit(op, b.perSecond ? b.perSecond : undefined);
    return ok(c);
  });
  app.post('/_emulator/tokens', async (c) => {
    const b = await body(c, ADMIN_BODIES.token);
    return c.json(admin.issueAccessToken(b.user, { refreshable: b.refreshable === true }));
  });
  app.post('/_emulator/revoke-refresh-tokens', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.revokeRefreshTokens();
    return ok(c);
  });
}

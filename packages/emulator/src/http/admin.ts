import { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorAdmin } from '../admin/emulator-admin.js';
import { EmulatorError, EmulatorErrorCode } from '../errors.js';
import { parseFaultSpec, requireOperation } from '../options.js';
import { didYouMean } from '../suggest.js';
import { bodyTooLarge, type Ctx, type Env, readBody, TOO_LARGE } from './context.js';
import { ROUTE_PATHS } from './routes.js';

/** Where the admin API is mounted. */
export const ADMIN_PREFIX = '/_emulator';

/** The admin API's routes, for "did you mean" on a misspelt one. */
export const ADMIN_PATHS = [
  '/requests',
  '/counters',
  '/sizes',
  '/device-authorizations',
  '/device-authorizations/approve',
  '/device-authorizations/deny',
  '/clock',
  '/clock/advance',
  '/reset',
  '/faults',
  '/rate-limits/:operation',
  '/tokens',
  '/revoke-refresh-tokens',
  '/assumed-role-sessions',
].map((p) => `${ADMIN_PREFIX}${p}`);

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

async function json(c: Ctx): Promise<unknown> {
  const text = await readBody(c);
  if (text === TOO_LARGE) {
    c.header('connection', 'close');
    throw bodyTooLarge('sso-oidc');
  }
  if (text === undefined || text.trim() === '') return {};
  return JSON.parse(text) as unknown;
}

async function body<S extends z.ZodType>(c: Ctx, schema: S): Promise<z.output<S>> {
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
}

/**
 * `emulator.admin` over HTTP, mounted at {@link ADMIN_PREFIX}. Who may call it (loopback peers,
 * same-origin or non-browser requests) is checked before these routes.
 */
export function adminApp(admin: EmulatorAdmin): Hono<Env> {
  const app = new Hono<Env>();
  const ok = (c: Ctx) => c.json({ ok: true });

  app.get('/requests', (c) => c.json({ requests: admin.requests() }));
  app.delete('/requests', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.clearRequests();
    return ok(c);
  });
  app.get('/counters', (c) => c.json({ counters: admin.counters() }));
  app.get('/sizes', (c) => c.json({ sizes: admin.sizes() }));
  app.get('/assumed-role-sessions', (c) => c.json({ sessions: admin.assumedRoleSessions() }));
  app.get('/device-authorizations', (c) =>
    c.json({ deviceAuthorizations: admin.pendingDeviceAuthorizations() }),
  );
  app.post('/device-authorizations/approve', async (c) => {
    const b = await body(c, ADMIN_BODIES.decide);
    admin.approve(b.userCode, b.user);
    return ok(c);
  });
  app.post('/device-authorizations/deny', async (c) => {
    const b = await body(c, ADMIN_BODIES.deny);
    admin.deny(b.userCode);
    return ok(c);
  });
  app.get('/clock', (c) => c.json({ now: admin.now() }));
  app.post('/clock/advance', async (c) => {
    const b = await body(c, ADMIN_BODIES.advance);
    admin.advanceClock(b.ms);
    return c.json({ now: admin.now() });
  });
  app.post('/reset', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.reset();
    return ok(c);
  });
  app.post('/faults', async (c) => {
    admin.injectFault(parseFaultSpec(await json(c), ROUTE_PATHS));
    return ok(c);
  });
  app.delete('/faults', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.clearFaults();
    return ok(c);
  });
  app.put('/rate-limits/:operation', async (c) => {
    const op = c.req.param('operation');
    requireOperation(op, `PUT ${ADMIN_PREFIX}/rate-limits/${op}`, EmulatorErrorCode.INVALID_ARGUMENT);
    const b = await body(c, ADMIN_BODIES.rateLimit);
    admin.setRateLimit(op, b.perSecond ? b.perSecond : undefined);
    return ok(c);
  });
  app.post('/tokens', async (c) => {
    const b = await body(c, ADMIN_BODIES.token);
    return c.json(admin.issueAccessToken(b.user, { refreshable: b.refreshable === true }));
  });
  app.post('/revoke-refresh-tokens', async (c) => {
    await body(c, ADMIN_BODIES.empty);
    admin.revokeRefreshTokens();
    return ok(c);
  });
  return app;
}

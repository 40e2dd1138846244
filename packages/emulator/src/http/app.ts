import { randomUUID } from 'node:crypto';
import { ERROR_TYPE_HEADER, isSsokitError, REQUEST_ID_HEADER } from '@ssokit/protocol';
import { Hono } from 'hono';
import type { AdminState } from '../admin/admin-state.js';
import type { EmulatorAdmin } from '../admin/emulator-admin.js';
import { ServiceFailure } from '../errors.js';
import type { IdentityCenter } from '../identity-center/identity-center.js';
import { didYouMean } from '../suggest.js';
import { ADMIN_PATHS, ADMIN_PREFIX, adminApp } from './admin.js';
import { type Env, failureResponse, headersOf, hostOf, isLoopbackAddress } from './context.js';
import { federationApp } from './federation.js';
import type { HostGuard } from './host-guard.js';
import { operationsApp } from './operations.js';
import { pagesApp } from './pages.js';
import { requestPipeline } from './pipeline.js';
import { stsApp } from './sts.js';

/** Everything the HTTP layer needs. */
export interface AppDeps {
  engine: IdentityCenter;
  state: AdminState;
  region: string;
  now: () => number;
  admin: EmulatorAdmin;
  guard: HostGuard;
}

/**
 * Builds the Hono app: the host check, then the admin API under `/_emulator/` (loopback only, not
 * logged, no faults), then the request pipeline, the eight operations and the pages.
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const { engine, state, guard } = deps;
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
    const hint = c.req.path.startsWith(`${ADMIN_PREFIX}/`) ? didYouMean(c.req.path, ADMIN_PATHS) : '';
    return c.json({ message: `No route for ${c.req.method} ${c.req.path}.${hint}`.replace(/\.$/, '') }, 404);
  });

  // Every request: it must be addressed to this emulator by name (DNS rebinding).
  app.use('*', async (c, next) => {
    if (!guard.allowsHost(hostOf(c))) {
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
  app.use(`${ADMIN_PREFIX}/*`, async (c, next) => {
    c.header(REQUEST_ID_HEADER, randomUUID());
    if (!isLoopbackAddress(c.env?.incoming?.socket?.remoteAddress))
      return c.json({ message: 'The admin API answers loopback clients only' }, 403);
    if (!guard.allowsOrigin(headersOf(c), hostOf(c)!))
      return c.json({ message: 'The admin API refuses requests from web pages of other origins' }, 403);
    await next();
  });
  app.route(ADMIN_PREFIX, adminApp(deps.admin));

  app.use('*', requestPipeline(state, guard, deps.now));
  app.route('/', operationsApp(engine, deps.region));
  app.route('/', pagesApp(engine));
  app.route('/', stsApp(engine));
  app.route('/', federationApp(engine, deps.region));
  return app;
}

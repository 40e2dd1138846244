import { Hono } from 'hono';
import type { IdentityCenter } from '../identity-center/identity-center.js';
import type { Ctx, Env } from './context.js';
import { consentPage, resultPage, signInPage, startPage, verificationPage } from './page-html.js';

/**
 * The pages a person clicks through: the start page, the device flow (enter the code, sign in,
 * consent) and the `/authorize` flow (sign in, consent, redirect back with a code).
 */
export function pagesApp(engine: IdentityCenter): Hono<Env> {
  const { devices, authorize, directory } = engine;
  const app = new Hono<Env>();
  const form = (c: Ctx) => new URLSearchParams(c.get('raw'));
  const origin = (c: Ctx) => `http://${c.get('headers').host ?? 'localhost'}`;
  const unknownUser = (c: Ctx) => c.html(resultPage('error', 'Choose a user of this directory.'), 400);

  app.get('/', (c) => c.html(startPage(origin(c))));
  app.get('/start', (c) => c.html(startPage(origin(c))));

  app.get('/device', (c) => c.html(verificationPage(c.get('query').get('user_code') ?? '')));
  app.post('/device', (c) => {
    const code = form(c).get('user_code') ?? '';
    const found = devices.lookup(code);
    if (found === undefined)
      return c.html(verificationPage(code, 'That code is not valid. Check it and try again.'), 400);
    if (found === 'expired') return c.html(resultPage('expired'), 400);
    return c.html(signInPage('/device/signin', { user_code: found.userCode }, directory.users()));
  });
  app.post('/device/signin', (c) => {
    const f = form(c);
    const found = devices.lookup(f.get('user_code') ?? '');
    const user = f.get('user') ?? '';
    if (found === undefined || found === 'expired') return c.html(resultPage('expired'), 400);
    if (!directory.hasUser(user)) return unknownUser(c);
    return c.html(
      consentPage('/device/consent', { user_code: found.userCode, user }, found.clientName, found.scopes),
    );
  });
  app.post('/device/consent', (c) => {
    const f = form(c);
    const userCode = f.get('user_code') ?? '';
    const decision = f.get('decision');
    try {
      if (decision === 'allow') devices.decide(userCode, 'approve', f.get('user') ?? '');
      else devices.decide(userCode, 'deny');
    } catch {
      return c.html(resultPage('expired'), 400);
    }
    return c.html(resultPage(decision === 'allow' ? 'approved' : 'denied'));
  });

  app.get('/authorize', (c) => {
    const out = authorize.begin(Object.fromEntries(c.get('query')));
    if (out.kind === 'page-error') return c.html(resultPage('error', out.message), 400);
    if (out.kind === 'redirect') return c.redirect(out.location, 302);
    return c.html(signInPage('/authorize/signin', { request_id: out.request.id }, directory.users()));
  });
  app.post('/authorize/signin', (c) => {
    const f = form(c);
    const r = authorize.get(f.get('request_id') ?? '');
    const user = f.get('user') ?? '';
    if (!r) return c.html(resultPage('expired'), 400);
    if (!directory.hasUser(user)) return unknownUser(c);
    return c.html(consentPage('/authorize/consent', { request_id: r.id, user }, r.clientName, r.scopes));
  });
  app.post('/authorize/consent', (c) => {
    const f = form(c);
    const id = f.get('request_id') ?? '';
    const user = f.get('user') ?? '';
    const allow = f.get('decision') === 'allow';
    if (!authorize.get(id)) return c.html(resultPage('expired'), 400);
    if (allow && !directory.hasUser(user)) return unknownUser(c);
    return c.redirect(authorize.decide(id, allow ? 'approve' : 'deny', user), 303);
  });

  return app;
}

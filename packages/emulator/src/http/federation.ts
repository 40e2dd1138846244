import { createHmac } from 'node:crypto';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { BoundedMap } from '../bounded-map.js';
import { safeEqual } from '../identity-center/checks.js';
import type { IdentityCenter } from '../identity-center/identity-center.js';
import { randomToken } from '../ids.js';
import type { Ctx, Env } from './context.js';
import { consolePage, resultPage } from './page-html.js';

/** How long a sign-in token can be used, as AWS documents it ("valid for 15 minutes"). */
export const SIGNIN_TOKEN_TTL_MS = 15 * 60 * 1000;
/** How long an emulated console session lasts (AWS's default for a federated sign-in: 12 hours). */
const CONSOLE_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** Console sessions kept at once (oldest dropped first). */
const MAX_CONSOLE_SESSIONS = 1000;
/** Longest `Session` value read: three credentials, each far shorter. */
const MAX_SESSION_CHARS = 8 * 1024;
const COOKIE = 'ssokit-console';

/** Who a sign-in token or console session is for. */
interface ConsoleIdentity {
  accountId: string;
  roleName: string;
  user: string;
}

/** Consoles of AWS's partitions, optionally with a region prefix (`us-east-1.console.aws.amazon.com`). */
const AWS_CONSOLE_HOST =
  /^(?:[a-z0-9-]+\.)?console\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)$/;

/**
 * Where a `Destination` lands on the emulator: a path under `/console` of its own origin, or the
 * emulated equivalent of a real AWS console URL (`https://console.aws.amazon.com/s3/home?region=…`
 * → `/console/s3/home?region=…`): the emulator never sends a browser to the internet. Undefined
 * for anything else (an open redirect otherwise).
 */
export function consoleTarget(destination: string, host: string): string | undefined {
  let url: URL;
  try {
    url = new URL(destination, `http://${host}`);
  } catch {
    return undefined;
  }
  const own = url.protocol === 'http:' && url.host.toLowerCase() === host.toLowerCase();
  if (own && (url.pathname === '/console' || url.pathname.startsWith('/console/')))
    return url.pathname + url.search;
  if (url.protocol === 'https:' && !url.username && !url.password && AWS_CONSOLE_HOST.test(url.hostname))
    return `/console${url.pathname}${url.search}`;
  return undefined;
}

/**
 * AWS sign-in federation on the emulator's origin, and the small console it signs in to.
 *
 * - `GET /federation?Action=getSigninToken&Session={"sessionId","sessionKey","sessionToken"}`
 *   answers `{"SigninToken":"…"}`, valid 15 minutes of the emulator's clock, for unexpired role
 *   credentials the emulator issued. Anything else (unknown key, wrong secret or session token,
 *   expired credentials, malformed JSON) is an HTTP 400 with a short text body and no token, as
 *   AWS's endpoint answers a bad request with a 400 and no `SigninToken`.
 * - `GET /federation?Action=login&Destination=…&SigninToken=…` checks the token (signature and
 *   expiry), starts a console session (a cookie) and redirects to the destination: a `/console/…`
 *   path of this origin, or a real console URL mapped onto `/console/…`.
 * - `GET /console/…` shows the account, role, user and region the session was opened for.
 */
export function federationApp(engine: IdentityCenter, region: string): Hono<Env> {
  const app = new Hono<Env>();
  const key = randomToken(32);
  const sessions = new BoundedMap<string, ConsoleIdentity & { expiresAt: number }>(MAX_CONSOLE_SESSIONS);
  const now = () => engine.clock.now();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  const badRequest = (c: Ctx, message: string) => c.text(message, 400);
  const refused = (c: Ctx, message: string) => c.html(resultPage('error', message), 400);

  function signinToken(identity: ConsoleIdentity): string {
    const payload = Buffer.from(JSON.stringify({ ...identity, exp: now() + SIGNIN_TOKEN_TTL_MS })).toString(
      'base64url',
    );
    return `${payload}.${mac(payload)}`;
  }

  function readToken(token: string): ConsoleIdentity | 'invalid' | 'expired' {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined || !safeEqual(signature, mac(payload)))
      return 'invalid';
    const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ConsoleIdentity & {
      exp: number;
    };
    if (v.exp <= now()) return 'expired';
    return { accountId: v.accountId, roleName: v.roleName, user: v.user };
  }

  function getSigninToken(c: Ctx): Response {
    const raw = c.get('query').get('Session');
    if (!raw || raw.length > MAX_SESSION_CHARS)
      return badRequest(c, 'Session is required: URL-encoded JSON {sessionId, sessionKey, sessionToken}.');
    let session: Record<string, unknown>;
    try {
      session = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return badRequest(c, 'Session is not valid JSON.');
    }
    const { sessionId, sessionKey, sessionToken } = session ?? {};
    if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string')
      return badRequest(c, 'Session needs the string members sessionId, sessionKey and sessionToken.');
    // unexpired credentials from GetRoleCredentials or AssumeRole
    const issued = engine.issuedCredentials(sessionId);
    if (
      !issued ||
      !safeEqual(sessionKey, issued.secretAccessKey) ||
      !safeEqual(sessionToken, issued.sessionToken)
    )
      return badRequest(
        c,
        'The credentials are not valid: unknown, expired, or not temporary credentials this emulator issued.',
      );
    // the permission set for SSO role credentials, the IAM role's name for assumed ones
    const { accountId, user } = issued;
    const roleName = issued.permissionSet ?? issued.roleName;
    c.header('cache-control', 'no-store');
    return c.json({ SigninToken: signinToken({ accountId, roleName, user }) });
  }

  function login(c: Ctx): Response {
    const q = c.get('query');
    const destination = q.get('Destination') ?? '';
    const host = c.get('headers').host ?? '';
    const target = consoleTarget(destination, host);
    if (target === undefined)
      return refused(
        c,
        "Destination must be a page of this emulator's console (/console/…) or an AWS console URL (https://console.aws.amazon.com/…).",
      );
    const identity = readToken(q.get('SigninToken') ?? '');
    if (identity === 'invalid')
      return refused(c, 'The sign-in token is not valid: it was changed, or not issued by this emulator.');
    if (identity === 'expired')
      return refused(
        c,
        'The sign-in token has expired (tokens are valid for 15 minutes): create a new sign-in URL.',
      );
    const id = randomToken(24);
    sessions.set(id, { ...identity, expiresAt: now() + CONSOLE_SESSION_TTL_MS });
    setCookie(c, COOKIE, id, { path: '/console', httpOnly: true, sameSite: 'Lax' });
    c.header('cache-control', 'no-store');
    return c.redirect(target, 302);
  }

  app.get('/federation', (c) => {
    const action = c.get('query').get('Action');
    if (action === 'getSigninToken') return getSigninToken(c);
    if (action === 'login') return login(c);
    return badRequest(c, 'Action must be getSigninToken or login.');
  });

  const showConsole = (c: Ctx) => {
    const id = getCookie(c, COOKIE);
    const session = id === undefined ? undefined : sessions.get(id);
    if (!session || session.expiresAt <= now()) {
      if (id !== undefined) sessions.delete(id);
      return c.html(
        resultPage(
          'error',
          'You are not signed in to the emulated console: open a sign-in URL (ssokit console).',
        ),
        401,
      );
    }
    const { path, query } = { path: c.req.path, query: c.get('query') };
    const accountName = engine.directory.account(session.accountId)?.accountName;
    return c.html(
      consolePage({
        accountId: session.accountId,
        accountName,
        roleName: session.roleName,
        user: session.user,
        region: query.get('region') ?? region,
        destination: path + (query.size > 0 ? `?${query}` : ''),
      }),
    );
  };
  app.get('/console', showConsole);
  app.get('/console/*', showConsole);
  return app;
}

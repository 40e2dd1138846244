import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoginError, LoginErrorCode } from './errors.js';

/**
 * What the browser brought back to the loopback redirect URI.
 *
 * @example
 * ```ts
 * const server = await startCallbackServer({ state });
 * const { code }: CallbackResult = await server.result;
 * ```
 */
export interface CallbackResult {
  /** The authorization code (a secret until exchanged). */
  code: string;
}

/**
 * A one-shot HTTP server on 127.0.0.1 that waits for `/oauth/callback`.
 *
 * @example
 * ```ts
 * const server = await startCallbackServer({ state });
 * const redirectUri = server.redirectUri;
 * ```
 */
export interface CallbackServer {
  /** The port it listens on (the one asked for, else chosen by the OS). */
  readonly port: number;
  /** `http://127.0.0.1:{port}/oauth/callback`. */
  readonly redirectUri: string;
  /**
   * Settles on the first callback that carries this sign-in's `state`: the code, or a
   * {@link LoginError}. A callback without the right `state` is answered with an error page and
   * does not settle it.
   */
  readonly result: Promise<CallbackResult>;
  /** How many callbacks were turned away because their `state` was missing or wrong. */
  readonly rejectedCallbacks: number;
  /** Stops listening and drops every connection (idempotent). */
  close(): Promise<void>;
}

/**
 * Options of {@link startCallbackServer}.
 *
 * @example
 * ```ts
 * const opts: CallbackServerOptions = { state: crypto.randomUUID() };
 * ```
 */
export interface CallbackServerOptions {
  /** The `state` sent in the authorize URL; a callback with any other value is turned away. */
  state: string;
  /** Interface to bind; only loopback makes sense. Default `127.0.0.1`. */
  host?: string;
  /**
   * A fixed port (1–65535), e.g. the one an SSH tunnel forwards (`ssh -L 8400:127.0.0.1:8400`).
   * Default: a free port chosen by the OS. Loopback redirect URIs may use any port (RFC 8252 §7.3).
   */
  port?: number;
}

const CALLBACK_PATH = '/oauth/callback';

function page(title: string, text: string, ok: boolean): string {
  const color = ok ? '#037f0c' : '#d91515';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1 style="color:${color}" id="result" data-ok="${ok}">${title}</h1><p>${text}</p></body></html>`;
}

/**
 * Starts the loopback callback server of the authorization-code flow: bound to 127.0.0.1 on a
 * free port, answers the first `/oauth/callback` that carries the expected `state` with a short
 * page, then closes itself and its keep-alive sockets. A callback with a missing or wrong `state`
 * (an old browser tab, or another local process) gets an error page and the server keeps waiting:
 * only the browser that holds the `state` can end the sign-in (RFC 6749 §10.12).
 *
 * @example
 * ```ts
 * const server = await startCallbackServer({ state });
 * try {
 *   const url = buildAuthorizeUrl({ endpoint, clientId, redirectUri: server.redirectUri, state, codeChallenge: createPkcePair().challenge, scopes: ['sso:account:access'] });
 *   console.error(`Open ${url}`);
 *   const { code } = await server.result;
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function startCallbackServer(options: CallbackServerOptions): Promise<CallbackServer> {
  const host = options.host ?? '127.0.0.1';
  let settle!: { resolve: (r: CallbackResult) => void; reject: (e: unknown) => void };
  const result = new Promise<CallbackResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The flow may give up (timeout, abort) before anyone reads the result.
  result.catch(() => {});
  let done = false;
  let rejectedCallbacks = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, html: string) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'close',
      });
      res.end(html);
    };
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || done) {
      send(404, page('Not found', 'This address only receives the sign-in redirect.', false));
      return;
    }
    const q = url.searchParams;
    const finish = (status: number, html: string, outcome: () => void) => {
      done = true;
      res.once('finish', () => void close());
      send(status, html);
      outcome();
    };
    if (q.get('state') !== options.state) {
      // Not this sign-in's answer: it must not be able to end (or cancel) the sign-in.
      rejectedCallbacks++;
      send(
        400,
        page(
          'Sign-in not accepted',
          'This response did not belong to the sign-in that is waiting. Finish the sign-in in the browser tab that the login opened.',
          false,
        ),
      );
      return;
    }
    const error = q.get('error');
    if (error !== null) {
      const denied = error === 'access_denied';
      finish(
        400,
        page(
          denied ? 'Access denied' : 'Sign-in failed',
          'You can close this window and return to the terminal.',
          false,
        ),
        () =>
          settle.reject(
            denied
              ? new LoginError(
                  LoginErrorCode.ACCESS_DENIED,
                  'The sign-in request was denied in the browser. Run the login again and choose Allow, or ask your administrator for access.',
                  { flow: 'pkce' },
                )
              : new LoginError(
                  LoginErrorCode.AUTHORIZATION_FAILED,
                  `The authorization server refused the sign-in: ${error.slice(0, 64)}${q.get('error_description') ? ` (${q.get('error_description')!.slice(0, 200)})` : ''}. Start the login again.`,
                  { flow: 'pkce' },
                ),
          ),
      );
      return;
    }
    const code = q.get('code');
    if (!code) {
      finish(
        400,
        page('Sign-in failed', 'The response had no authorization code. Start the login again.', false),
        () =>
          settle.reject(
            new LoginError(
              LoginErrorCode.AUTHORIZATION_FAILED,
              'The browser returned to the callback without an authorization code. Start the login again.',
              { flow: 'pkce' },
            ),
          ),
      );
      return;
    }
    finish(200, page('Request approved', 'You can close this window and return to the terminal.', true), () =>
      settle.resolve({ code }),
    );
  });
  // A callback server never needs to keep a connection open.
  server.keepAliveTimeout = 1000;

  const wanted = options.port ?? 0;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new LoginError(
      LoginErrorCode.CALLBACK_PORT_UNAVAILABLE,
      `The callback port must be a whole number from 1 to 65535, not ${String(wanted).slice(0, 20)}.`,
      { flow: 'pkce' },
    );
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) => {
      if (wanted !== 0 && (cause.code === 'EADDRINUSE' || cause.code === 'EACCES')) {
        const why = cause.code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
        reject(
          new LoginError(
            LoginErrorCode.CALLBACK_PORT_UNAVAILABLE,
            `Port ${wanted} on ${host} ${why}, so the sign-in callback cannot listen there. Choose another port (and forward that one: ssh -L PORT:127.0.0.1:PORT), or stop the program that holds it.`,
            { flow: 'pkce', cause },
          ),
        );
        return;
      }
      reject(cause);
    });
    server.listen({ host, port: wanted, exclusive: true }, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  return {
    port,
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    result,
    get rejectedCallbacks() {
      return rejectedCallbacks;
    },
    close,
  };
}

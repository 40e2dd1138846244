import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { listening } from '../test/helpers.js';
import { startCallbackServer } from './callback-server.js';
import { isLoginError, LoginErrorCode } from './errors.js';

async function get(url: string): Promise<{ status: number; body: string; connection: string | undefined }> {
  // A keep-alive agent, as a browser would use: the server must still close the socket.
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  try {
    const res = await request(url, { dispatcher: agent });
    return {
      status: res.statusCode,
      body: await res.body.text(),
      connection: res.headers['connection'] as string | undefined,
    };
  } finally {
    await agent.close();
  }
}

describe('startCallbackServer', () => {
  it('listens on 127.0.0.1 only, returns the code, answers a close-this-window page and goes away', async () => {
    const server = await startCallbackServer({ state: 'st-1' });
    expect(server.redirectUri).toBe(`http://127.0.0.1:${server.port}/oauth/callback`);
    expect(await listening(server.port)).toBe(true);

    const notFound = await get(`http://127.0.0.1:${server.port}/favicon.ico`);
    expect(notFound.status).toBe(404);

    const page = await get(`${server.redirectUri}?code=the-code&state=st-1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/close this window/);
    expect(page.body).not.toContain('the-code');
    expect(page.connection).toBe('close');
    await expect(server.result).resolves.toEqual({ code: 'the-code' });
    await server.close();
    expect(await listening(server.port)).toBe(false);
  });

  it('turns away a callback without the right state (error page) and keeps waiting for the right one', async () => {
    const server = await startCallbackServer({ state: 'expected' });
    let settled = false;
    server.result.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Another local process: no state, a wrong state, an error with a wrong state.
    for (const query of ['code=c', 'code=c&state=forged', 'error=access_denied&state=forged', 'error=x']) {
      const page = await get(`${server.redirectUri}?${query}`);
      expect(page.status, query).toBe(400);
      expect(page.body).toMatch(/did not belong/);
    }
    expect(server.rejectedCallbacks).toBe(4);
    expect(settled).toBe(false);
    expect(await listening(server.port)).toBe(true);

    const page = await get(`${server.redirectUri}?code=real&state=expected`);
    expect(page.status).toBe(200);
    await expect(server.result).resolves.toEqual({ code: 'real' });
    await server.close();
    expect(await listening(server.port)).toBe(false);
  });

  it('ends the sign-in on an error that carries the right state', async () => {
    const server = await startCallbackServer({ state: 's' });
    await get(`${server.redirectUri}?error=x&state=forged`);
    expect((await get(`${server.redirectUri}?error=access_denied&state=s`)).status).toBe(400);
    expect(isLoginError(await server.result.catch((e: unknown) => e), LoginErrorCode.ACCESS_DENIED)).toBe(
      true,
    );
    await server.close();
  });

  it('turns error=access_denied into ERR_SSOKIT_ACCESS_DENIED and other errors into AUTHORIZATION_FAILED', async () => {
    const denied = await startCallbackServer({ state: 's' });
    expect((await get(`${denied.redirectUri}?error=access_denied&state=s`)).status).toBe(400);
    expect(isLoginError(await denied.result.catch((e: unknown) => e), LoginErrorCode.ACCESS_DENIED)).toBe(
      true,
    );
    await denied.close();

    const failed = await startCallbackServer({ state: 's' });
    await get(`${failed.redirectUri}?error=invalid_scope&error_description=scope+x+is+unknown&state=s`);
    const err = await failed.result.catch((e: unknown) => e);
    expect(isLoginError(err, LoginErrorCode.AUTHORIZATION_FAILED)).toBe(true);
    expect((err as Error).message).toContain('invalid_scope (scope x is unknown)');
    await failed.close();
  });

  it('closes itself after the first callback even if nobody calls close()', async () => {
    const server = await startCallbackServer({ state: 's' });
    await get(`${server.redirectUri}?code=c&state=s`);
    await server.result;
    await expect.poll(() => listening(server.port), { timeout: 2000 }).toBe(false);
  });

  it('listens on a fixed port when asked (an SSH-forwarded one) and names that port when it is taken', async () => {
    const first = await startCallbackServer({ state: 's' });
    const port = first.port;
    await first.close();
    const server = await startCallbackServer({ state: 's', port });
    expect(server.port).toBe(port);
    expect(server.redirectUri).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    const taken = await startCallbackServer({ state: 't', port }).catch((e: unknown) => e);
    expect(isLoginError(taken, LoginErrorCode.CALLBACK_PORT_UNAVAILABLE)).toBe(true);
    expect((taken as Error).message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect((taken as Error).message).toContain('Choose another port');
    await server.close();
    for (const bad of [-1, 65536, 1.5])
      expect(
        isLoginError(
          await startCallbackServer({ state: 's', port: bad }).catch((e: unknown) => e),
          LoginErrorCode.CALLBACK_PORT_UNAVAILABLE,
        ),
      ).toBe(true);
  });
});

// `ssokit login --redirect-port N`: the browser flow's callback listens on a port the person chose,
// the one an SSH tunnel forwards (`ssh -L N:127.0.0.1:N host`), and the authorize URL names it.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, runCli, useEmulatorHome } from './helpers.js';

const h = useEmulatorHome({ autoApprove: true });
let browser: string;

/** A port that was free a moment ago (the OS picks it), with a server holding it while `hold` runs. */
async function withHeldPort<T>(hold: (port: number) => Promise<T>): Promise<T> {
  const server = createServer();
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  try {
    return await hold((server.address() as { port: number }).port);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

async function freePort(): Promise<number> {
  return withHeldPort(async (port) => port);
}

beforeAll(async () => {
  // A stand-in browser: follows the auto-approved /authorize to the CLI's callback.
  browser = join(h.home, 'browser.sh');
  await writeFile(
    browser,
    `#!/bin/sh\nexec "${process.execPath}" -e 'fetch(process.argv[1]).then((r) => r.text())' "$1"\n`,
    { mode: 0o755 },
  );
});

describe('login --redirect-port', () => {
  it('signs in through a callback on the given port, even where the device code would be chosen', async () => {
    const port = await freePort();
    // SSH_CONNECTION would pick the device code: the port says the person forwards it.
    const r = await runCli(['login', '--sso-session', 'work', '--redirect-port', String(port)], {
      ...h.env,
      BROWSER: browser,
      SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(encodeURIComponent(`http://127.0.0.1:${port}/oauth/callback`));
    expect(r.stderr).toContain('Signed in to');
    // after the browser prompt, the way out for a machine without a browser
    expect(r.stderr).toContain(
      'No browser on this machine? Press Ctrl-C and run: ssokit login --sso-session work --device-code',
    );
    const authorize = h.emulator.admin.requests().find((q) => q.path === '/authorize');
    expect(authorize?.query['redirect_uri']).toBe(`http://127.0.0.1:${port}/oauth/callback`);
  });

  it('names the port and what to do when it is in use', async () => {
    await withHeldPort(async (port) => {
      const r = await runCli(['login', '--sso-session', 'work', '--force', '--redirect-port', String(port)], {
        ...h.env,
        BROWSER: browser,
      });
      expect(r.code).toBe(5);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).toContain('Choose another port');
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  });

  it('is a usage error outside 1-65535 or with the device code', async () => {
    for (const bad of ['0', '65536', 'http', '80.5']) {
      const r = await runCli(['login', '--sso-session', 'work', '--redirect-port', bad], h.env);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--redirect-port takes a port from 1 to 65535');
    }
    const r = await runCli(
      ['login', '--sso-session', 'work', '--device-code', '--redirect-port', '8400'],
      h.env,
    );
    expect(r.code).toBe(2);
  });
});

// The transport loads four of undici's modules instead of undici's index (src/undici-parts.ts).
// Its other tests import undici's index themselves (MockAgent), which hides what this changes, so
// this one runs the built package in a fresh process that never loads the index: the default
// dispatcher still tunnels through HTTPS_PROXY (a ProxyAgent needs the request API the index
// gives every Dispatcher), reaches loopback directly, and the index stays unloaded.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startRecordingProxy } from '../src/testing.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function loopbackServer(): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.end('');
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { port: (server.address() as AddressInfo).port, seen };
}

describe.each(['index.js', 'index.cjs'])('the built transport (dist/%s) without undici’s index', (entry) => {
  it('proxies through HTTPS_PROXY, reaches loopback directly, and never loads undici/index.js', async () => {
    if (!existsSync(join(dist, entry)))
      throw new Error(`${join(dist, entry)} is missing: run \`pnpm build\` first`);
    const proxy = await startRecordingProxy();
    closers.push(proxy.close);
    const target = await loopbackServer();
    const script = `
      const { createRequire } = require('node:module');
      const load = ${entry.endsWith('.cjs') ? 'async (f) => require(f)' : 'async (f) => import(f)'};
      (async () => {
        const { Transport } = await load(${JSON.stringify(join(dist, entry))});
        const { Logout } = await load(createRequire(${JSON.stringify(join(dist, entry))}).resolve('@ssokit/protocol'));
        const results = [];
        for (const endpoint of ['https://portal.sso.us-east-1.amazonaws.com', 'http://127.0.0.1:${target.port}']) {
          const transport = new Transport({ endpoint, retry: { maxAttempts: 1 } });
          results.push(await transport.send(Logout, { accessToken: 't' }).then(() => 'ok', (e) => e.code));
          await transport.close();
        }
        const loaded = Object.keys(require.cache).filter((f) => /[\\\\/]undici[\\\\/]index\\.js$/.test(f));
        // Node's ES-module loader brings CommonJS files in through its export lexer
        const lexer = process.moduleLoadList.some((m) => m.includes('cjs-module-lexer'));
        console.log(JSON.stringify({ results, loaded, lexer }));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: process.env['PATH'], HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
    });
    const { results, loaded, lexer } = JSON.parse(stdout) as {
      results: string[];
      loaded: string[];
      lexer: boolean;
    };
    expect(proxy.requests).toEqual(['CONNECT portal.sso.us-east-1.amazonaws.com:443']);
    expect(results).toEqual(['ERR_SSOKIT_NETWORK', 'ok']);
    expect(target.seen).toEqual(['POST /logout']);
    expect(loaded).toEqual([]);
    // the CommonJS build loads the proxy agent with require(), not through the ES-module loader
    if (entry.endsWith('.cjs')) expect(lexer).toBe(false);
  });

  it('without HTTP(S)_PROXY never loads undici’s proxy agents (EnvHttpProxyAgent, ProxyAgent, SOCKS5)', async () => {
    const target = await loopbackServer();
    const script = `
      const { createRequire } = require('node:module');
      const load = ${entry.endsWith('.cjs') ? 'async (f) => require(f)' : 'async (f) => import(f)'};
      (async () => {
        const { Transport, createDefaultDispatcher } = await load(${JSON.stringify(join(dist, entry))});
        const { Logout } = await load(createRequire(${JSON.stringify(join(dist, entry))}).resolve('@ssokit/protocol'));
        const transport = new Transport({ endpoint: 'http://127.0.0.1:${target.port}', retry: { maxAttempts: 1 } });
        await transport.send(Logout, { accessToken: 't' });
        await transport.close();
        await createDefaultDispatcher().close();
        const undici = Object.keys(require.cache).filter((f) => /[\\/]undici[\\/]lib[\\/]/.test(f));
        const proxies = undici.filter((f) => /proxy-agent|socks5/.test(f)).map((f) => f.replace(/.*[\\/]lib[\\/]/, ''));
        console.log(JSON.stringify({ undici: undici.length, proxies }));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: process.env['PATH'] },
    });
    const { undici, proxies } = JSON.parse(stdout) as { undici: number; proxies: string[] };
    expect(undici).toBeGreaterThan(0); // the check sees undici's modules at all
    expect(proxies).toEqual([]);
    expect(target.seen).toHaveLength(1);
  });
});

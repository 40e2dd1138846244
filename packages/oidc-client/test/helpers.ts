import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { request } from 'undici';

/** Whether something accepts TCP connections on host:port. */
export function listening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 2000 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

/** This machine's non-loopback addresses (IPv4 and IPv6). */
export function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80'))
    .map((a) => a!.address);
}

/**
 * A stand-in browser: GETs the URL and follows redirects (what a browser does with the
 * emulator's auto-approved `/authorize`), optionally rewriting a redirect on the way.
 */
export async function followRedirects(
  url: string,
  rewrite: (location: URL) => URL = (u) => u,
): Promise<{ url: string; status: number; body: string }> {
  let current = url;
  for (let hop = 0; hop < 10; hop++) {
    const res = await request(current, { method: 'GET' });
    const body = await res.body.text();
    const location = res.headers['location'];
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
      current = rewrite(new URL(location, current)).toString();
      continue;
    }
    return { url: current, status: res.statusCode, body };
  }
  throw new Error('too many redirects');
}

/// <reference path="./undici-modules.d.ts" />
// The parts of undici the transport uses, loaded from undici's own modules instead of its index:
// the index also loads fetch, WebSocket, the cache stores, MockAgent and every interceptor, which
// is more than half of what loading undici costs (measured: a fresh process importing these four
// modules spends less than half the time of one importing `undici`). What a Dispatcher is does
// not change: the transport accepts any (a MockAgent, a ProxyAgent, from any copy of undici), and
// its default one still honours HTTPS_PROXY / NO_PROXY through EnvHttpProxyAgent (loaded once a proxy is set).
import type * as Undici from 'undici';
import dispatchRequest from 'undici/lib/api/api-request.js';
import dispatcherApi from 'undici/lib/api/index.js';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';

export const Agent: typeof Undici.Agent = AgentClass;
/**
 * Gives undici's Dispatcher class its request API (`request`, `connect`, `stream`, ...), exactly
 * as undici's index does when it loads: a ProxyAgent opens its tunnel with `connect()`. Called
 * before the transport creates a dispatcher of its own; assigning the same functions again
 * (after undici's index, or twice) changes nothing.
 */
export function installDispatcherApi(): void {
  Object.assign(DispatcherClass.prototype, dispatcherApi);
}
export const Dispatcher: typeof Undici.Dispatcher = DispatcherClass;

/**
 * undici's EnvHttpProxyAgent, loaded when a proxy is first needed rather than with the transport:
 * it brings ProxyAgent and the SOCKS5 client (five modules), which a process without HTTP(S)_PROXY
 * never uses. Measured (hyperfine, fresh processes importing undici's modules, 2-core machine):
 * ~4 ms less per process start on Node 20.20 and on Node 24.22.
 */
export async function loadEnvHttpProxyAgent(): Promise<typeof Undici.EnvHttpProxyAgent> {
  return (await import('undici/lib/dispatcher/env-http-proxy-agent.js')).default;
}

/**
 * undici's `request(url, options)` for a caller that always names its dispatcher: the URL split
 * into origin and path as undici's top-level `request` does, then the dispatcher's own request
 * API (`Dispatcher.prototype.request`), called on whatever dispatcher it is.
 */
export function request(
  url: string | URL,
  options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Undici.Dispatcher },
): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const target = new URL(url);
  return dispatchRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: rest.method ?? 'GET',
  });
}

import { isLoopbackHost } from '@ssokit/protocol/core';
import type * as Undici from 'undici';
import { Agent, Dispatcher, installDispatcherApi, loadEnvHttpProxyAgent } from './undici-parts.js';

/**
 * Proxy settings of {@link createDefaultDispatcher}; each defaults to the environment variable
 * undici reads (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`, upper or lower case).
 */
export interface DefaultDispatcherOptions {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/**
 * The dispatcher ssokit's clients use when they are given none: requests go through
 * `HTTPS_PROXY` / `HTTP_PROXY` unless `NO_PROXY` says otherwise (undici's `EnvHttpProxyAgent`, loaded
 * on the first request that goes through a proxy: without one it is never loaded),
 * except that loopback hosts — 127.0.0.0/8, `::1` and `localhost` — are always reached directly,
 * whatever `NO_PROXY` holds. A corporate proxy cannot reach this machine's loopback, and a local
 * endpoint (such as the emulator) must not see its tokens travel through a proxy.
 *
 * The caller owns it: `close()` it when done.
 *
 * @example
 * ```ts
 * import { Transport, createDefaultDispatcher } from '@ssokit/transport';
 *
 * const dispatcher = createDefaultDispatcher();
 * const transport = new Transport({ endpoint: 'http://127.0.0.1:9000', dispatcher }); // never proxied
 * await transport.close();
 * await dispatcher.close();
 * ```
 */
export function createDefaultDispatcher(options: DefaultDispatcherOptions = {}): Undici.Dispatcher {
  installDispatcherApi();
  return new LoopbackDirectDispatcher(options);
}

type DispatchHandler = Undici.Dispatcher.DispatchHandler & { onError?: (err: Error) => void };

class LoopbackDirectDispatcher extends Dispatcher {
  readonly #direct = new Agent();
  /** The proxy settings, read now as EnvHttpProxyAgent reads them; undefined when there is no proxy. */
  readonly #proxy: Undici.EnvHttpProxyAgent.Options | undefined;
  #proxied: Undici.Dispatcher | undefined;
  #loading: Promise<Undici.Dispatcher> | undefined;

  constructor(options: DefaultDispatcherOptions) {
    super();
    // EnvHttpProxyAgent's own reading (lower case first, HTTPS falls back to HTTP, an empty value
    // means none), frozen here: the agent itself is built when the first proxied request comes.
    const env = process.env;
    const httpProxy = options.httpProxy ?? env['http_proxy'] ?? env['HTTP_PROXY'] ?? '';
    const httpsProxy = options.httpsProxy ?? env['https_proxy'] ?? env['HTTPS_PROXY'] ?? '';
    // Without a proxy every request goes straight out, as EnvHttpProxyAgent would send it (NO_PROXY
    // only chooses among proxied requests), so its modules are not loaded at all.
    this.#proxy = httpProxy || httpsProxy ? { ...options, httpProxy, httpsProxy } : undefined;
  }

  override dispatch(options: Undici.Dispatcher.DispatchOptions, handler: DispatchHandler): boolean {
    const origin = options.origin === undefined ? undefined : new URL(options.origin);
    if (this.#proxy === undefined || (origin !== undefined && isLoopbackHost(origin.hostname)))
      return this.#direct.dispatch(options, handler);
    if (this.#proxied !== undefined) return this.#proxied.dispatch(options, handler);
    // The first proxied request waits for the agent's modules; an abort meanwhile is seen by the
    // handler when the agent starts the request.
    this.#loading ??= this.#loadProxied();
    this.#loading.then(
      (proxied) => proxied.dispatch(options, handler),
      (err: Error) =>
        handler.onResponseError ? handler.onResponseError(null as never, err) : handler.onError?.(err),
    );
    return true;
  }

  async #loadProxied(): Promise<Undici.Dispatcher> {
    const EnvHttpProxyAgent = await loadEnvHttpProxyAgent();
    this.#proxied = new EnvHttpProxyAgent(this.#proxy);
    return this.#proxied;
  }

  /** The proxying agent once it is built, undefined when no request needed one. */
  async #proxiedAgent(): Promise<Undici.Dispatcher | undefined> {
    return this.#loading?.catch(() => undefined);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | undefined {
    const closed = Promise.all([this.#direct.close(), this.#proxiedAgent().then((d) => d?.close())]).then(
      () => undefined,
    );
    if (!callback) return closed;
    closed.then(callback, callback);
    return undefined;
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(
    errOrCallback?: Error | null | (() => void),
    callback?: () => void,
  ): Promise<void> | undefined {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const destroyed = Promise.all([
      this.#direct.destroy(err),
      this.#proxiedAgent().then((d) => d?.destroy(err)),
    ]).then(() => undefined);
    if (!done) return destroyed;
    destroyed.then(done, done);
    return undefined;
  }
}

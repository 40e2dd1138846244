import { isLoopbackHost } from '@ssokit/protocol/core';
import type * as Undici from 'undici';
import { Agent, Dispatcher, EnvHttpProxyAgent, installDispatcherApi } from './undici-parts.js';

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
 * `HTTPS_PROXY` / `HTTP_PROXY` unless `NO_PROXY` says otherwise (undici's `EnvHttpProxyAgent`),
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

class LoopbackDirectDispatcher extends Dispatcher {
  readonly #direct = new Agent();
  readonly #proxied: Undici.EnvHttpProxyAgent;

  constructor(options: DefaultDispatcherOptions) {
    super();
    this.#proxied = new EnvHttpProxyAgent(options);
  }

  override dispatch(
    options: Undici.Dispatcher.DispatchOptions,
    handler: Undici.Dispatcher.DispatchHandler,
  ): boolean {
    const origin = options.origin === undefined ? undefined : new URL(options.origin);
    const direct = origin !== undefined && isLoopbackHost(origin.hostname);
    return (direct ? this.#direct : this.#proxied).dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | undefined {
    const closed = Promise.all([this.#direct.close(), this.#proxied.close()]).then(() => undefined);
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
    const destroyed = Promise.all([this.#direct.destroy(err), this.#proxied.destroy(err)]).then(
      () => undefined,
    );
    if (!done) return destroyed;
    destroyed.then(done, done);
    return undefined;
  }
}

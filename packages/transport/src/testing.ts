import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ErrorCode } from '@ssokit/protocol';
import type { Clock } from '@ssokit/protocol/core';
import { TransportError } from './errors.js';

/**
 * Test helpers for code built on ssokit: a {@link FakeClock} that only moves when the test says
 * so, and {@link drive} to run a promise whose retries or polling sleep on that clock.
 * Import from `@ssokit/transport/testing`.
 *
 * @example
 * ```ts
 * import { FakeClock, drive } from '@ssokit/transport/testing';
 * import { Transport } from '@ssokit/transport';
 * import { ListAccounts } from '@ssokit/protocol';
 *
 * const clock = new FakeClock();
 * const transport = new Transport({ endpoint: 'http://127.0.0.1:4566', clock });
 * const result = await drive(clock, transport.send(ListAccounts, { accessToken: 'token' })); // backoff sleeps fire at once
 * console.log(clock.sleeps); // every sleep requested, in order
 * ```
 *
 * @packageDocumentation
 */

interface Timer {
  at: number;
  ms: number;
  resolve: () => void;
}

/**
 * A clock that only moves when the test says so. Records every sleep requested.
 *
 * @example
 * ```ts
 * const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
 * const slept = clock.sleep(5000);
 * clock.fireNext(); // now() moved 5 s and `slept` resolves
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  /** Durations of every sleep requested, in call order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      const aborted = () =>
        signal?.reason instanceof TransportError
          ? signal.reason
          : new TransportError(ErrorCode.ABORTED, 'aborted', { cause: signal?.reason });
      if (signal?.aborted) {
        reject(aborted());
        return;
      }
      const timer: Timer = { at: this.#now + ms, ms, resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(aborted());
        },
        { once: true },
      );
    });
  }

  /** Sleeps not yet finished (their durations). */
  get pending(): number[] {
    return this.#timers.map((t) => t.ms);
  }

  /** Fires the earliest pending timer of exactly `ms` duration; false when there is none. */
  fire(ms: number): boolean {
    const timer = this.#timers.filter((t) => t.ms === ms).sort((a, b) => a.at - b.at)[0];
    if (!timer) return false;
    this.#timers = this.#timers.filter((t) => t !== timer);
    this.#now = Math.max(this.#now, timer.at);
    timer.resolve();
    return true;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in order, and letting
   * the code each one wakes run before the next.
   *
   * @example
   * ```ts
   * const clock = new FakeClock();
   * const done = clock.sleep(50); // sleeps 50 ms on the clock
   * await clock.advance(50);    // `done` resolves
   * ```
   */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle(5);
      const next = [...this.#timers].sort((a, b) => a.at - b.at)[0];
      if (!next || next.at > end) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
    }
    this.#now = end;
    await settle(5);
  }

  /** Moves time to the earliest pending timer and fires it. Returns false when none is pending. */
  fireNext(): boolean {
    const next = [...this.#timers].sort((a, b) => a.at - b.at)[0];
    if (!next) return false;
    this.#timers = this.#timers.filter((t) => t !== next);
    this.#now = Math.max(this.#now, next.at);
    next.resolve();
    return true;
  }
}

/**
 * Lets pending I/O callbacks and promise chains run (MockAgent answers within a few turns).
 *
 * @example
 * ```ts
 * await settle();
 * ```
 */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Runs `promise` to completion, firing the clock's timers whenever everything else is idle,
 * so retries with backoff finish without real waiting.
 */
export async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  watched.catch(() => {});
  for (let i = 0; i < 100 && !done; i++) {
    await settle();
    if (done) break;
    if (!clock.fireNext()) await settle();
  }
  return watched;
}

/**
 * A clock whose `sleep` moves time forward at once (for code that sleeps in a loop, like a poller
 * or a refresh throttle, where the test wants the schedule, not the waiting). `sleeps` records every
 * sleep asked for; after `hold()`, sleeps wait until aborted, so a test can stop a loop mid-wait.
 *
 * @example
 * ```ts
 * const clock = new AutoClock();
 * const transport = new Transport({ endpoint: 'http://127.0.0.1:4566', clock });
 * await transport.send(ListAccounts, { accessToken: 'token' }).catch(() => {});
 * console.log(clock.sleeps); // the backoff schedule of the retries, e.g. [63, 171]
 * ```
 */
export class AutoClock implements Clock {
  #now: number;
  #auto = true;
  /** Durations of every sleep requested, in call order. */
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Sets the time. */
  set(epochMs: number): void {
    this.#now = epochMs;
  }

  /** Moves time forward without sleeping. */
  advance(ms: number): void {
    this.#now += ms;
  }

  /** From now on, sleeps wait until their signal aborts. */
  hold(): void {
    this.#auto = false;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve, reject) => {
      const aborted = () =>
        reject(new TransportError(ErrorCode.ABORTED, 'aborted', { cause: signal?.reason }));
      if (signal?.aborted) return aborted();
      signal?.addEventListener('abort', aborted, { once: true });
      if (this.#auto) {
        this.#now += ms;
        queueMicrotask(() => {
          signal?.removeEventListener('abort', aborted);
          resolve();
        });
      }
    });
  }
}

/**
 * A stand-in HTTP proxy on 127.0.0.1 that records every request it is asked to carry
 * (`CONNECT host:port` for https, `METHOD absolute-url` for http) and carries none: CONNECT gets
 * 403, anything else 502. Point `HTTP_PROXY` / `HTTPS_PROXY` at `url` to see which requests would
 * have gone through a proxy, without any of them leaving the machine.
 *
 * @example
 * ```ts
 * const proxy = await startRecordingProxy();
 * process.env.HTTPS_PROXY = proxy.url;
 * // ... run the code under test ...
 * expect(proxy.requests).toEqual([]);
 * await proxy.close();
 * ```
 */
export async function startRecordingProxy(): Promise<{
  url: string;
  requests: string[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(502, { connection: 'close' }).end();
  });
  server.on('connect', (req, socket: Socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

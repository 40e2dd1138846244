import { ErrorCode } from '@ssokit/protocol';
import { type Clock, TransportError } from '@ssokit/transport';

/**
 * A clock for unit tests. In auto mode every sleep moves time forward at once; with `hold()`
 * sleeps stay pending until aborted. Records every sleep requested.
 */
export class FakeClock implements Clock {
  #now: number;
  #auto = true;
  readonly sleeps: number[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  hold(): void {
    this.#auto = false;
  }

  advance(ms: number): void {
    this.#now += ms;
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

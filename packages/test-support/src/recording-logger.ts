import { inspect } from 'node:util';
import type { Logger } from '@ssokit/protocol/core';

/** One call a {@link RecordingLogger} received. */
export interface LogEntry {
  level: 'debug' | 'warn';
  message: string;
  data?: Record<string, unknown>;
}

/** A logger that records everything, so tests can assert on warnings and search for secrets. */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string, data?: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, ...(data ? { data } : {}) });
  }

  warn(message: string, data?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, ...(data ? { data } : {}) });
  }

  get warnings(): LogEntry[] {
    return this.entries.filter((e) => e.level === 'warn');
  }

  /** Every entry as JSON, to search for a secret. */
  text(): string {
    return JSON.stringify(this.entries);
  }

  /** Every entry as `level message data`, with `data` as `util.inspect` prints it (what a console logger shows). */
  get lines(): string[] {
    return this.entries.map((e) => `${e.level} ${e.message} ${inspect(e.data, { depth: 10 })}`);
  }
}

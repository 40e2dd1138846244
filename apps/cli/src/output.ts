import { redactSecrets } from '@ssokit/protocol';
import { createColors } from 'picocolors';

/** Where a command writes: data to stdout, messages and progress to stderr. */
export interface Output {
  readonly json: boolean;
  readonly color: ReturnType<typeof createColors>;
  readonly interactive: boolean;
  /** Data (tables, JSON, credentials): stdout. */
  data(text: string): void;
  /** Messages for people: stderr, so stdout stays parseable. */
  info(text: string): void;
  warn(text: string): void;
  success(text: string): void;
  /** Debug lines, only with --debug; secrets redacted. */
  debug(message: string, data?: Record<string, unknown>): void;
}

export interface OutputOptions {
  json?: boolean;
  debug?: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: Readonly<Record<string, string | undefined>>;
}

/** Colour only when stderr is a terminal and NO_COLOR is unset (https://no-color.org); FORCE_COLOR forces it. */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const color = createColors(colorEnabled(stderr, env));
  return {
    json: options.json ?? false,
    color,
    interactive: stderr.isTTY === true && process.stdin.isTTY === true,
    data: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    info: (text) => stderr.write(`${text}\n`),
    warn: (text) => stderr.write(`${color.yellow('warning:')} ${text}\n`),
    success: (text) => stderr.write(`${color.green('✔')} ${text}\n`),
    debug: (message, data) => {
      if (!options.debug) return;
      const extra = data ? ` ${JSON.stringify(redactSecrets(data))}` : '';
      stderr.write(`${color.dim(`debug: ${message}${extra}`)}\n`);
    },
  };
}

/** A duration for people: `59m 12s`, `7h 3m`, `expired 2m ago`. */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return `expired ${formatDuration(-ms)} ago`;
  return formatDuration(ms);
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** A plain-text table with a header row; widths fit the content. */
export function renderTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  bold = (s: string) => s,
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [bold(line(headers)), ...rows.map(line)].join('\n');
}

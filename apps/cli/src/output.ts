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
  /** `false` (from `--no-color`) turns colour off whatever the environment says. */
  color?: boolean | undefined;
}

/**
 * Colour only when stderr is a terminal and NO_COLOR is unset (https://no-color.org); FORCE_COLOR
 * forces it. `--no-color` (`flag` false) wins over both.
 */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  flag?: boolean,
): boolean {
  if (flag === false) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const color = createColors(colorEnabled(stderr, env, options.color));
  return {
    json: options.json ?? false,
    color,
    interactive: stderr.isTTY === true && process.stdin.isTTY === true,
    data: (text) => stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    info: (text) => stderr.write(`${terminalSafe(text)}\n`),
    warn: (text) => stderr.write(`${color.yellow('warning:')} ${terminalSafe(text)}\n`),
    success: (text) => stderr.write(`${color.green('✔')} ${terminalSafe(text)}\n`),
    debug: (message, data) => {
      if (!options.debug) return;
      const extra = data ? ` ${JSON.stringify(redactSecrets(data))}` : '';
      stderr.write(`${color.dim(`debug: ${terminalSafe(message)}${extra}`)}\n`);
    },
  };
}

/**
 * Characters that must never reach a terminal raw: C0 controls, DEL, C1 controls (0x9b is a
 * one-byte CSI), and the Unicode line separators and bidirectional overrides that make text display
 * as something other than what it is.
 */
const UNSAFE_CHAR_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** Colour (SGR) sequences, the only escape sequences human output keeps: they cannot move the cursor. */
const SGR_RE = /(\u001b\[[0-9;]*m)/;
const ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeUnsafe(text: string): string {
  return text.replace(
    UNSAFE_CHAR_RE,
    (ch) => ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…(${chars.length - max} more)`;
}

/**
 * Text from a server or a file (account and role names, error descriptions, URLs) made fit for one
 * line of a terminal: every control character, line break and bidirectional override is shown
 * escaped (`\n`, `\u001b`), and more than `max` characters are cut with a `…(N more)` note.
 * Machine output (JSON) does not need it: JSON escapes control characters itself.
 *
 * @example
 * ```ts
 * displayText('Admin\u001b[2J\nx');  // 'Admin\\u001b[2J\\nx'
 * ```
 */
export function displayText(text: string, max = 200): string {
  return truncate(escapeUnsafe(text), max);
}

/** The longest line human output writes; longer ones are cut (a 10 KB name is not worth reading). */
const MAX_LINE = 2000;

/**
 * The last line of defence for everything written for people (`info`, `warn`, `success`, errors):
 * keeps line breaks and colour sequences, shows any other control character escaped, and caps
 * each line's length. Server text should also go through {@link displayText} where it is put into
 * a message, so it cannot start a line of its own.
 */
export function terminalSafe(text: string, maxLine = MAX_LINE): string {
  return text
    .split('\n')
    .map((line) =>
      truncate(
        line
          .split(SGR_RE)
          .map((part, i) => (i % 2 === 1 ? part : escapeUnsafe(part)))
          .join(''),
        maxLine,
      ),
    )
    .join('\n');
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

/** The widest a table cell gets: AWS account names are at most 50 characters, e-mail addresses 254. */
const MAX_CELL = 80;

/** A plain-text table with a header row; widths fit the content, cells pass through {@link displayText}. */
export function renderTable(
  headers: readonly string[],
  unsafeRows: ReadonlyArray<readonly string[]>,
  bold = (s: string) => s,
): string {
  const rows = unsafeRows.map((r) => r.map((cell) => displayText(cell, MAX_CELL)));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [bold(line(headers)), ...rows.map(line)].join('\n');
}

import { ValidationError } from '@ssokit/protocol';

/**
 * A byte-preserving editor for ~/.aws/config. Reading is done by AWS's own loader elsewhere; this
 * only rewrites the sections a command owns and leaves every other byte, comment and the order of
 * everything alone. Line endings of the file are kept (a new line uses the file's first EOL).
 *
 * Sections and keys are recognised the way AWS SDK v3's loader (`@smithy/shared-ini-file-loader`)
 * recognises them, so an edit lands where the SDK (and so ssokit) will read it: with duplicate
 * sections the loader merges them and the last value of a key wins, so the last one is edited.
 */

/** One section: `[header]` and the lines up to the next header. */
export interface IniSection {
  /** The text between `[` and `]`, with runs of whitespace made one space, e.g. `profile dev`. */
  readonly header: string;
  /**
   * The section as AWS's loader names it, in the same form (`profile dev`, `default`,
   * `sso-session work`), or `undefined` when the loader ignores the section.
   */
  readonly loaderHeader: string | undefined;
  /** Index of the header line. */
  readonly start: number;
  /** Index one past the last line of the section (the next header, or the end). */
  readonly end: number;
}

/** A `key = value` entry of a section, in order. */
export interface IniEntry {
  readonly key: string;
  readonly value: string;
}

/** The section types AWS's loader reads (`[profile x]`, `[sso-session x]`, `[services x]`). */
const SECTION_TYPES = new Set(['profile', 'sso-session', 'services']);
/** The loader's rule for `[type name]` headers; a name with any other character is not read. */
const LOADER_HEADER_RE = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
/**
 * Characters a written line may never hold: a line break would start a line of its own (a
 * `credential_process` the SDK runs), and other controls have no business in the file.
 */
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** A line without its comment (`;` or `#` at the start or after whitespace), trimmed, as the loader sees it. */
function loaderText(line: string): string {
  return (line.split(/(?:^|\s)[;#]/)[0] ?? '').trim();
}

/** The header of a section line as the loader reads it, `null` for a non-header line. */
function parseHeader(line: string): { raw: string; loaderHeader: string | undefined } | null {
  const text = loaderText(line);
  if (!(text.startsWith('[') && text.endsWith(']'))) return null;
  const raw = text.slice(1, -1);
  const m = LOADER_HEADER_RE.exec(raw);
  let loaderHeader: string | undefined;
  if (m) {
    if (SECTION_TYPES.has(m[1] ?? '')) loaderHeader = `${m[1]} ${m[3]}`;
  } else if (raw === 'default') {
    loaderHeader = 'default';
  } else {
    // `[profile.dev]` is read as profile dev: the loader joins type and name with a dot internally
    const dot = raw.indexOf('.');
    if (dot > 0 && SECTION_TYPES.has(raw.slice(0, dot)))
      loaderHeader = `${raw.slice(0, dot)} ${raw.slice(dot + 1)}`;
  }
  return { raw, loaderHeader };
}

/** The key of a `key = value` line as the loader reads it, if it is one. */
function keyOf(line: string): string | undefined {
  const text = loaderText(line);
  const eq = text.indexOf('=');
  return eq > 0 ? text.slice(0, eq).trim() : undefined;
}

/**
 * Throws unless `text` can be written into the config file as it is: no control character or
 * line break, and none of `forbidden`. The last line of defence; callers validate first, with
 * messages of their own.
 */
export function validateIniText(text: string, what: string, forbidden?: RegExp): void {
  if (CONTROL_RE.test(text) || (forbidden?.test(text) ?? false)) {
    throw new ValidationError(
      `Refusing to write ${what} ${JSON.stringify(text.slice(0, 100))} to the AWS config file: it holds a line break, control character or character the file format does not allow.`,
      { member: what },
    );
  }
}

export class IniDocument {
  private lines: string[];
  private readonly eol: string;
  private readonly finalNewline: boolean;

  constructor(text: string) {
    this.eol = /\r\n/.test(text) ? '\r\n' : '\n';
    this.finalNewline = text.length === 0 || /\r?\n$/.test(text);
    const body = text.replace(/\r?\n$/, '');
    this.lines = body.length === 0 ? [] : body.split(/\r?\n/);
  }

  /** Every section in file order. */
  sections(): IniSection[] {
    const out: IniSection[] = [];
    let current: Omit<IniSection, 'end'> | undefined;
    this.lines.forEach((line, i) => {
      const h = parseHeader(line);
      if (!h) return;
      if (current) out.push({ ...current, end: i });
      current = { header: normaliseHeader(h.raw), loaderHeader: h.loaderHeader, start: i };
    });
    if (current) out.push({ ...current, end: this.lines.length });
    return out;
  }

  /**
   * The section with this header (`profile dev`, `default`, `sso-session work`) that AWS's loader
   * reads: the last of duplicates, since the loader merges them and later values win.
   */
  find(header: string): IniSection | undefined {
    const want = normaliseHeader(header);
    return this.sections()
      .filter((s) => s.loaderHeader === want)
      .pop();
  }

  /**
   * Like {@link find}, but also a section the loader ignores whose header merely looks the same
   * (`[profile   dev]`): for telling whether a name is someone else's before taking it.
   */
  findAny(header: string): IniSection | undefined {
    const want = normaliseHeader(header);
    return this.find(want) ?? this.sections().find((s) => s.header === want);
  }

  /** The lines of a section's body (without its header). */
  bodyLines(section: IniSection): string[] {
    return this.lines.slice(section.start + 1, section.end);
  }

  /**
   * Index one past the section's last entry line. What follows it up to the next header (blank
   * lines, comments about the next section) sits between sections: edits and removals keep it.
   */
  private contentEnd(section: IniSection): number {
    let end = section.end;
    while (end > section.start + 1) {
      const line = this.lines[end - 1] ?? '';
      if (line.trim() !== '' && loaderText(line) !== '') break;
      end--;
    }
    return end;
  }

  /** The lines of a section from its header to its last entry (see {@link IniDocument.contentEnd}). */
  contentLines(section: IniSection): string[] {
    return this.lines.slice(section.start + 1, this.contentEnd(section));
  }

  /** The top-level `key = value` entries of a section (continuation lines are skipped). */
  entries(section: IniSection): IniEntry[] {
    const out: IniEntry[] = [];
    for (const line of this.bodyLines(section)) {
      if (/^\s/.test(line)) continue; // nested value (e.g. `sso_oidc =` sub-keys) or continuation
      const key = keyOf(line);
      if (key === undefined) continue;
      const text = loaderText(line);
      out.push({ key, value: text.slice(text.indexOf('=') + 1).trim() });
    }
    return out;
  }

  /**
   * A key's value as AWS's loader reads it: duplicate sections are merged and the last value of the
   * key wins.
   */
  value(header: string, key: string): string | undefined {
    const want = normaliseHeader(header);
    let found: string | undefined;
    for (const section of this.sections()) {
      if (section.loaderHeader !== want) continue;
      for (const entry of this.entries(section)) if (entry.key === key) found = entry.value;
    }
    return found;
  }

  /**
   * Replaces a section's entries (from its header to its last entry) with `body` lines, or appends
   * a new section at the end of the file (separated by one blank line) when it does not exist.
   * Comments and blank lines after the last entry stay where they are.
   */
  upsertSection(header: string, body: readonly string[]): void {
    validateIniText(header, 'section name', /[[\]]/);
    for (const line of body) validateIniText(line, 'line');
    const section = this.find(header);
    if (!section) {
      if (this.lines.length > 0 && this.lines[this.lines.length - 1]?.trim() !== '') this.lines.push('');
      this.lines.push(`[${normaliseHeader(header)}]`, ...body);
      return;
    }
    this.lines.splice(section.start + 1, this.contentEnd(section) - section.start - 1, ...body);
  }

  /**
   * Sets `key = value` in the section the loader reads, in place when the key exists (its last
   * occurrence, the one the loader keeps), else after the section's last entry. Other lines are
   * untouched.
   */
  setValue(header: string, key: string, value: string): void {
    validateIniText(key, 'key', /[=[\]#;\s]/);
    validateIniText(value, `${key} value`);
    if (value.trim() === '') validateIniText('\n', `${key} value`); // an empty value starts a sub-section
    const section = this.find(header);
    if (!section) {
      this.upsertSection(header, [`${key} = ${value}`]);
      return;
    }
    for (let i = section.end - 1; i > section.start; i--) {
      const line = this.lines[i] ?? '';
      if (!/^\s/.test(line) && keyOf(line) === key) {
        this.lines[i] = `${key} = ${value}`;
        return;
      }
    }
    this.lines.splice(this.contentEnd(section), 0, `${key} = ${value}`);
  }

  /**
   * Sets a nested value, the shape of `[services NAME]` sections (`sso_oidc =` then an indented
   * `endpoint_url = …`): in the key's last block when it exists (keeping its other sub-keys), else a
   * new block after the section's last entry. Other lines are untouched.
   */
  setNestedValue(header: string, key: string, subKey: string, value: string): void {
    validateIniText(key, 'key', /[=[\]#;\s]/);
    validateIniText(subKey, 'key', /[=[\]#;\s]/);
    validateIniText(value, `${key}.${subKey} value`);
    const child = `  ${subKey} = ${value}`;
    const section = this.find(header);
    if (!section) {
      this.upsertSection(header, [`${key} =`, child]);
      return;
    }
    for (let i = section.end - 1; i > section.start; i--) {
      const line = this.lines[i] ?? '';
      if (/^\s/.test(line) || keyOf(line) !== key) continue;
      let end = i + 1;
      const kept: string[] = [];
      for (; end < section.end && /^\s+\S/.test(this.lines[end] ?? ''); end++) {
        const sub = this.lines[end] ?? '';
        if (keyOf(sub) !== subKey) kept.push(sub);
      }
      this.lines.splice(i, end - i, `${key} =`, ...kept, child);
      return;
    }
    this.lines.splice(this.contentEnd(section), 0, `${key} =`, child);
  }

  /**
   * Removes a section from its header to its last entry. Comments and blank lines after it stay;
   * the blank line that separated it from what came before goes when nothing but a blank line or
   * the end of the file follows (so adding and then removing a section gives back the same bytes).
   */
  removeSection(header: string): boolean {
    const section = this.find(header);
    if (!section) return false;
    const start = section.start;
    this.lines.splice(start, this.contentEnd(section) - start);
    const before = this.lines[start - 1];
    const after = this.lines[start];
    if (before !== undefined && before.trim() === '' && (after === undefined || after.trim() === '')) {
      this.lines.splice(start - 1, 1);
    }
    return true;
  }

  toString(): string {
    if (this.lines.length === 0) return '';
    return this.lines.join(this.eol) + (this.finalNewline ? this.eol : '');
  }
}

function normaliseHeader(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

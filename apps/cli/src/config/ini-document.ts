/**
 * A byte-preserving editor for ~/.aws/config. Reading is done by AWS's own loader elsewhere; this
 * only rewrites the sections a command owns and leaves every other byte, comment and the order of
 * everything alone. Line endings of the file are kept (a new line uses the file's first EOL).
 */

/** One section: `[header]` and the lines up to the next header. */
export interface IniSection {
  /** The text between `[` and `]`, trimmed, e.g. `profile dev` or `sso-session work`. */
  readonly header: string;
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

const HEADER_RE = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/;
const KEY_RE = /^([^=\s#;][^=]*?)\s*=\s*(.*?)\s*$/;

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
    let current: { header: string; start: number } | undefined;
    this.lines.forEach((line, i) => {
      const m = HEADER_RE.exec(line);
      if (!m) return;
      if (current) out.push({ ...current, end: i });
      current = { header: normaliseHeader(m[1] ?? ''), start: i };
    });
    if (current) out.push({ ...current, end: this.lines.length });
    return out;
  }

  /** The section with this header (`profile dev`, `default`, `sso-session work`). */
  find(header: string): IniSection | undefined {
    const want = normaliseHeader(header);
    return this.sections().find((s) => s.header === want);
  }

  /** The lines of a section's body (without its header). */
  bodyLines(section: IniSection): string[] {
    return this.lines.slice(section.start + 1, section.end);
  }

  /** The top-level `key = value` entries of a section (continuation lines are skipped). */
  entries(section: IniSection): IniEntry[] {
    const out: IniEntry[] = [];
    for (const line of this.bodyLines(section)) {
      if (/^\s/.test(line)) continue; // nested value (e.g. `sso_oidc =` sub-keys) or continuation
      const m = KEY_RE.exec(line);
      if (m) out.push({ key: (m[1] ?? '').trim(), value: m[2] ?? '' });
    }
    return out;
  }

  /**
   * Replaces a section's body with `body` lines, or appends a new section at the end of the file
   * (separated by one blank line) when it does not exist.
   */
  upsertSection(header: string, body: readonly string[]): void {
    const section = this.find(header);
    if (!section) {
      if (this.lines.length > 0 && this.lines[this.lines.length - 1]?.trim() !== '') this.lines.push('');
      this.lines.push(`[${normaliseHeader(header)}]`, ...body);
      return;
    }
    // keep the blank lines that separate this section from the next one
    let end = section.end;
    while (end > section.start + 1 && this.lines[end - 1]?.trim() === '') end--;
    this.lines.splice(section.start + 1, end - section.start - 1, ...body);
  }

  /**
   * Sets `key = value` inside an existing section, in place when the key exists (keeping the
   * line's position), else after the section's last entry. Other lines are untouched.
   */
  setValue(header: string, key: string, value: string): void {
    const section = this.find(header);
    if (!section) {
      this.upsertSection(header, [`${key} = ${value}`]);
      return;
    }
    for (let i = section.start + 1; i < section.end; i++) {
      const m = KEY_RE.exec(this.lines[i] ?? '');
      if (m && !/^\s/.test(this.lines[i] ?? '') && (m[1] ?? '').trim() === key) {
        this.lines[i] = `${key} = ${value}`;
        return;
      }
    }
    let insertAt = section.end;
    while (insertAt > section.start + 1 && this.lines[insertAt - 1]?.trim() === '') insertAt--;
    this.lines.splice(insertAt, 0, `${key} = ${value}`);
  }

  /** Removes a section with its body, and the blank line that separated it, if any. */
  removeSection(header: string): boolean {
    const section = this.find(header);
    if (!section) return false;
    let start = section.start;
    const end = section.end;
    // a section's body includes the blank lines after it, so the gap before the next section is
    // kept; the last section also takes the blank lines before it, so the file ends as it did
    if (end === this.lines.length) {
      while (start > 0 && this.lines[start - 1]?.trim() === '') start--;
    }
    this.lines.splice(start, end - start);
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

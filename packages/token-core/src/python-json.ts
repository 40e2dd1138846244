/**
 * The text Python's `json.dumps(value)` produces, which is what AWS CLI v2 (botocore) writes to its
 * cache files and hashes for its cache keys: separators `", "` and `": "` (or `","` and `":"` with
 * `compact`, as botocore uses for the role-credential key), every non-ASCII UTF-16 unit escaped as
 * `\uXXXX` (`ensure_ascii`), keys in the order given (sort them first for `sort_keys=True`).
 * `undefined` members are left out, as by `JSON.stringify`. Integers only: Python prints floats
 * differently, and no cache file holds one.
 *
 * @example
 * ```ts
 * pythonJsonDumps({ startUrl: 'https://x', region: 'eu-west-1' }); // '{"startUrl": "https://x", "region": "eu-west-1"}'
 * pythonJsonDumps({ a: 'é' }, { compact: true });                  // '{"a":"\\u00e9"}'
 * ```
 */
export function pythonJsonDumps(value: unknown, options: { compact?: boolean } = {}): string {
  const item = options.compact ? ',' : ', ';
  const key = options.compact ? ':' : ': ';
  const dump = (v: unknown): string => {
    if (v === null) return 'null';
    if (typeof v === 'string') return pythonString(v);
    if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : dump(x))).join(item)}]`;
    if (typeof v === 'object') {
      const members = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      return `{${members.map(([k, x]) => `${pythonString(k)}${key}${dump(x)}`).join(item)}}`;
    }
    throw new TypeError(`pythonJsonDumps: cannot serialise a ${typeof v}`);
  };
  return dump(value);
}

// JSON.stringify already escapes quotes, backslashes and control characters exactly as Python
// does (\b \f \n \r \t, else \u00XX in lower-case hex); ensure_ascii also escapes DEL (0x7F) and every unit
// above it, and a surrogate pair becomes two escapes, as here.
function pythonString(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

import { isLoopbackHost } from '@ssokit/protocol';

/**
 * Which requests are addressed to this emulator, and which come from its own pages.
 *
 * - `Host` must name a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`), the host it is bound
 *   to, or one of `allowedHosts`, with its port: a page served from another name that DNS
 *   rebinding points at 127.0.0.1 is refused.
 * - Browser requests that change state must come from its own origin: an `Origin` header, when
 *   present, must equal `http://<Host>`, and `Sec-Fetch-Site`, when present, must be
 *   `same-origin` or `none` (typed or bookmarked). Programs (SDKs, curl, fetch in Node) send
 *   neither header and are not affected.
 */
export class HostGuard {
  #port = -1;
  #names = new Set<string>();
  #accepted = new Set<string>();

  /** Sets the port it listens on and the host names it answers besides loopback ones. */
  configure(port: number, names: readonly string[]): void {
    this.#port = port;
    this.#names = new Set(names.map(normalizeName));
    this.#accepted.clear();
  }

  /** Whether a `Host` header value names this emulator. */
  allowsHost(host: string | undefined): boolean {
    if (host === undefined) return false;
    if (this.#accepted.has(host)) return true;
    const parsed = splitHost(host);
    if (!parsed) return false;
    const portOk = parsed.port === String(this.#port) || (parsed.port === undefined && this.#port === 80);
    const ok = portOk && (isLoopbackHost(parsed.name) || this.#names.has(parsed.name));
    // the few Host values of legitimate clients are remembered: the check stays off the hot path
    if (ok && this.#accepted.size < 64) this.#accepted.add(host);
    return ok;
  }

  /** Whether a request is same-origin or not from a browser at all (see the class comment). */
  allowsOrigin(headers: Readonly<Record<string, string>>, host: string): boolean {
    const origin = headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}`) return false;
    const site = headers['sec-fetch-site'];
    return site === undefined || site === 'same-origin' || site === 'none';
  }
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/^\[|\]$/g, '');
}

/** `name[:port]` or `[v6]:port`, or undefined when it is not a host. */
function splitHost(host: string): { name: string; port: string | undefined } | undefined {
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/i.exec(host);
  if (!m) return undefined;
  return { name: normalizeName(m[1] ?? m[2]!), port: m[3] };
}

interface Cookie {
  name: string;
  value: string;
  path: string;
  /** Epoch milliseconds; Infinity for session cookies. */
  expiresAt: number;
}

// RFC 6265 §5.1.4 default-path: the request path up to (not including) its last slash.
function defaultPath(url: URL): string {
  const cut = url.pathname.lastIndexOf('/');
  return cut > 0 ? url.pathname.slice(0, cut) : '/';
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

function parseSetCookie(header: string, url: URL, now: number): Cookie | undefined {
  const [pair = '', ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: Cookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    path: defaultPath(url),
    expiresAt: Infinity,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawKey = '', ...rest] = attribute.split('=');
    const key = rawKey.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (key === 'path' && value.startsWith('/')) cookie.path = value;
    if (key === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expiresAt = Date.parse(value);
    if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
  }
  // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
  if (maxAge !== undefined) cookie.expiresAt = now + maxAge * 1000;
  return cookie;
}

/**
 * The smallest cookie jar a single-host headless browser needs: names, paths and expiry. Domain,
 * Secure and SameSite are ignored because every request goes to the same loopback origin.
 */
export class CookieJar {
  readonly #cookies = new Map<string, Cookie>();

  /** Stores the cookies a response to `url` sets (and drops the ones it expires). */
  store(url: URL, setCookieHeaders: readonly string[]): void {
    const now = Date.now();
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, url, now);
      if (!cookie) continue;
      const key = `${cookie.name}\n${cookie.path}`;
      if (cookie.expiresAt <= now) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  /** The `Cookie` header value for a request to `url`, or undefined when none applies. */
  header(url: URL): string | undefined {
    const now = Date.now();
    const matching = [...this.#cookies.values()]
      .filter((cookie) => cookie.expiresAt > now && pathMatches(cookie.path, url.pathname))
      // Longer paths first, as browsers send them (RFC 6265 §5.4).
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length ? matching.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') : undefined;
  }
}

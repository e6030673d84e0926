import { CookieJar } from './cookie-jar.js';

/** A page the browser stopped on because it was not a redirect. */
export interface Page {
  url: string;
  status: number;
  text: string;
}

/** Where a navigation ended: on a page, or at a redirect the browser was told not to follow. */
export type Navigation = { kind: 'page'; page: Page } | { kind: 'left'; location: string };

/** A form found in a page: where it posts and its hidden fields. */
export interface Form {
  action: string;
  fields: Record<string, string>;
}

/** Steering for a {@link HeadlessBrowser}. */
export interface BrowserOptions {
  /** True for redirect targets to hand back instead of requesting them. */
  stopAt: (url: URL) => boolean;
  /** Lets the caller adjust each URL before it is requested. */
  rewrite?: (url: URL) => void;
}

const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return match?.[1] === undefined ? undefined : decodeEntities(match[1]);
}

/** The first form of an HTML page with its hidden inputs, resolved against the page URL. */
export function findForm(page: Page): Form | undefined {
  const formTag = /<form\b[^>]*>/i.exec(page.text)?.[0];
  const action = formTag && attribute(formTag, 'action');
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const [input] of page.text.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (name && attribute(input, 'type') === 'hidden') fields[name] = attribute(input, 'value') ?? '';
  }
  return { action: new URL(action, page.url).href, fields };
}

/** The `data-outcome` / `data-message` stamped on this package's pages (see pages.ts). */
export function pageOutcome(page: Page): { outcome?: string; message: string } {
  const main = /<main\b[^>]*>/i.exec(page.text)?.[0] ?? '';
  return { outcome: attribute(main, 'data-outcome'), message: attribute(main, 'data-message') ?? '' };
}

/**
 * Plays a user's browser against the test server: plain `fetch` with manual redirects and a
 * cookie jar, which is all oidc-provider's interaction cookies need.
 */
export class HeadlessBrowser {
  readonly #jar = new CookieJar();
  readonly #options: BrowserOptions;

  constructor(options: BrowserOptions) {
    this.#options = options;
  }

  /** GETs `url` (or POSTs `form` to it) and follows redirects until a page or a stop target. */
  async open(url: string, form?: Record<string, string>): Promise<Navigation> {
    let current = new URL(url);
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      this.#options.rewrite?.(current);
      const response = await this.#request(current, body);
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) {
        return { kind: 'page', page: { url: current.href, status: response.status, text: await response.text() } };
      }
      await response.body?.cancel();
      const next = new URL(location, current);
      if (this.#options.stopAt(next)) return { kind: 'left', location: next.href };
      // 307/308 repeat the request as it was; the others turn it into a GET.
      if (response.status !== 307 && response.status !== 308) body = undefined;
      current = next;
    }
    throw new Error(`headless browser: more than ${MAX_REDIRECTS} redirects from ${url}`);
  }

  async #request(url: URL, body: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = this.#jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual' });
    this.#jar.store(url, response.headers.getSetCookie());
    return response;
  }
}

import { HeadlessBrowser, type Navigation, type Page } from '../headless-browser.js';

/** A form with every named input (hidden, text, password), resolved against the page URL. */
function firstForm(page: Page): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(page.text);
  if (!form) return undefined;
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1]?.replace(/&amp;/g, '&');
  const fields: Record<string, string> = {};
  for (const [input] of (form[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (name) fields[name] = attribute(input, 'value') ?? '';
  }
  return { action: new URL(attribute(form[1] ?? '', 'action') ?? page.url, page.url).href, fields };
}

/**
 * Plays a user through a server's own pages (login, consent, device confirmation) that were not
 * written for tests: submits each page's first form, filling the named inputs it knows, until the
 * browser is sent to `stopAt` or a page has no form left.
 */
export async function walkForms(
  start: string,
  options: {
    stopAt: (url: URL) => boolean;
    fill: Readonly<Record<string, string>>;
    maxPages?: number;
  },
): Promise<Navigation> {
  const browser = new HeadlessBrowser({ stopAt: options.stopAt });
  let navigation = await browser.open(start);
  for (let step = 0; step < (options.maxPages ?? 10); step += 1) {
    if (navigation.kind === 'left') return navigation;
    const form = firstForm(navigation.page);
    if (form === undefined) return navigation;
    const fields = { ...form.fields };
    for (const name of Object.keys(fields)) if (options.fill[name] !== undefined && fields[name] === '') fields[name] = options.fill[name] ?? '';
    navigation = await browser.open(form.action, fields);
  }
  return navigation;
}

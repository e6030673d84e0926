import { HeadlessBrowser, findForm, pageOutcome } from './headless-browser.js';
import type { Page } from './headless-browser.js';
import { DECISION_PARAM, INTERACTION_PATH } from './interaction-route.js';
import type { UserDecisionOptions } from './types.js';

function describePage(page: Page): string {
  const { message } = pageOutcome(page);
  if (message) return message;
  try {
    const body = JSON.parse(page.text) as { error?: unknown; error_description?: unknown };
    return [body.error, body.error_description].filter((part) => typeof part === 'string').join(': ');
  } catch {
    return page.text.slice(0, 200);
  }
}

function sameEndpoint(a: URL, b: URL | undefined): boolean {
  return b !== undefined && a.origin === b.origin && a.pathname === b.pathname;
}

function parseUrl(value: string | null): URL | undefined {
  if (value === null) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Implements {@link AuthorizationServer.authorize} against the server at `issuer`. */
export async function authorize(issuer: string, authorizationUrl: string, options: UserDecisionOptions = {}): Promise<string> {
  const origin = new URL(issuer).origin;
  const start = new URL(authorizationUrl);
  if (start.origin !== origin) throw new Error(`authorize: ${authorizationUrl} is not on ${issuer}`);
  const redirectTarget = parseUrl(start.searchParams.get('redirect_uri'));

  const browser = new HeadlessBrowser({
    // The client's redirect_uri may itself be a loopback URL on this very origin, so match it first.
    stopAt: (url) => sameEndpoint(url, redirectTarget) || url.origin !== origin,
    rewrite: (url) => {
      if (options.deny && url.origin === origin && url.pathname.startsWith(INTERACTION_PATH)) {
        url.searchParams.set(DECISION_PARAM, 'deny');
      }
    },
  });
  const navigation = await browser.open(start.href);
  if (navigation.kind === 'left') return navigation.location;
  throw new Error(`authorize: the server answered ${navigation.page.status} instead of redirecting: ${describePage(navigation.page)}`);
}

/** Implements {@link AuthorizationServer.approveDevice} with the verification page at `verificationUrl`. */
export async function approveDevice(verificationUrl: string, userCode: string, options: UserDecisionOptions = {}): Promise<void> {
  const origin = new URL(verificationUrl).origin;
  const browser = new HeadlessBrowser({ stopAt: (url) => url.origin !== origin });
  const fail = (page: Page): never => {
    throw new Error(`approveDevice(${userCode}): ${describePage(page) || `unexpected page (${page.status})`}`);
  };
  const pageOf = async (url: string, form?: Record<string, string>): Promise<Page> => {
    const navigation = await browser.open(url, form);
    if (navigation.kind === 'left') throw new Error(`approveDevice(${userCode}): sent away to ${navigation.location}`);
    return navigation.page;
  };

  // verification_uri_complete answers with a self-submitting form, as a browser would post it.
  const complete = new URL(verificationUrl);
  complete.searchParams.set('user_code', userCode);
  const autoPost = await pageOf(complete.href);
  const codeForm = findForm(autoPost) ?? fail(autoPost);

  const confirmPage = await pageOf(codeForm.action, codeForm.fields);
  const confirmForm = pageOutcome(confirmPage).outcome === 'confirm' ? findForm(confirmPage) : undefined;
  if (!confirmForm) return fail(confirmPage);

  const { confirm: _confirm, ...fields } = confirmForm.fields;
  const decision = options.deny ? { ...fields, abort: 'yes' } : confirmForm.fields;
  const finalPage = await pageOf(confirmForm.action, decision);
  if (pageOutcome(finalPage).outcome !== (options.deny ? 'aborted' : 'success')) fail(finalPage);
}

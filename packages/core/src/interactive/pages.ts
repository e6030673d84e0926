/**
 * The pages the loopback receiver shows in the user's browser: one finished-looking page per
 * outcome, self-contained (no script, no remote resource, nothing that could leak the URL).
 */

/** What a page says: a heading, a sentence, and what to do next. */
export interface PageContent {
  title: string;
  message: string;
  next: string;
  tone: 'success' | 'failure' | 'ignored';
}

/** Headers of every page: no caching (the URL held a code), no referrer, no framing, no script. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
} as const;

/** The page after a successful sign-in. */
export function signedInPage(): PageContent {
  return {
    tone: 'success',
    title: 'Signed in',
    message: 'oauthflow received the authorization and saved the credentials.',
    next: 'You can close this tab and go back to the terminal.',
  };
}

/** The page after a sign-in that failed once the redirect arrived (e.g. access denied, a refused code). */
export function signInFailedPage(reason: string): PageContent {
  return {
    tone: 'failure',
    title: 'Sign-in failed',
    message: reason,
    next: 'Close this tab, check the message in your terminal, and run the command again.',
  };
}

/** The page for a request the receiver does not take (wrong state, wrong issuer, not the callback): it keeps waiting. */
export function ignoredPage(reason: string): PageContent {
  return {
    tone: 'ignored',
    title: 'This page is not the sign-in in progress',
    message: reason,
    next: 'Nothing was changed. If you are signing in, finish it from the link your terminal shows; the terminal is still waiting.',
  };
}

const TONES = {
  success: { accent: '#1a7f37', mark: '&#10003;' },
  failure: { accent: '#cf222e', mark: '&#10007;' },
  ignored: { accent: '#9a6700', mark: '!' },
} as const;

/** The page as a complete HTML document; every text is escaped. */
export function renderPage(content: PageContent): string {
  const { accent, mark } = TONES[content.tone];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.title)} · oauthflow</title>
<style>
  :root { color-scheme: light dark; }
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f6f8fa; color: #1f2328; }
  main { max-width: 32rem; margin: 1.5rem; padding: 2.5rem 2rem; background: #fff; border-radius: 12px;
    box-shadow: 0 1px 3px rgba(0,0,0,.12), 0 8px 24px rgba(0,0,0,.06); text-align: center; }
  .mark { width: 3.5rem; height: 3.5rem; margin: 0 auto 1rem; border-radius: 50%; display: flex; align-items: center;
    justify-content: center; font-size: 1.8rem; font-weight: 700; color: #fff; background: ${accent}; }
  h1 { margin: 0 0 .75rem; font-size: 1.5rem; }
  p { margin: .5rem 0; overflow-wrap: anywhere; }
  .next { margin-top: 1.25rem; color: #59636e; }
  footer { margin-top: 2rem; font-size: .8rem; color: #8c959f; }
  @media (prefers-color-scheme: dark) {
    body { background: #0d1117; color: #e6edf3; } main { background: #161b22; box-shadow: none; border: 1px solid #30363d; }
    .next { color: #9198a1; } footer { color: #6e7681; }
  }
</style>
</head>
<body>
<main>
  <div class="mark" aria-hidden="true">${mark}</div>
  <h1>${escapeHtml(content.title)}</h1>
  <p>${escapeHtml(content.message)}</p>
  <p class="next">${escapeHtml(content.next)}</p>
  <footer>oauthflow</footer>
</main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

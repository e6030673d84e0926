import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * Outcomes stamped on every page as `data-outcome`, so the headless browser (and a person) can
 * tell them apart without scraping prose.
 */
export type PageOutcome = 'input' | 'confirm' | 'success' | 'aborted' | 'error';

/** Error details as oidc-provider hands them to page renderers. */
interface ErrorDetails {
  error?: string;
  error_description?: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(ctx: KoaContextWithOIDC, outcome: PageOutcome, title: string, content = '', message = ''): void {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main data-outcome="${outcome}" data-message="${escapeHtml(message)}">
<h1>${escapeHtml(title)}</h1>${message ? `<p>${escapeHtml(message)}</p>` : ''}
${content}
</main></body></html>`;
}

function describe(out: ErrorDetails | undefined): string {
  return [out?.error, out?.error_description].filter(Boolean).join(': ');
}

/** Error page for browser-facing endpoints (oidc-provider `renderError`). */
export function renderError(ctx: KoaContextWithOIDC, out: ErrorDetails): void {
  render(ctx, 'error', 'Authorization error', '', describe(out));
}

/** Device flow: the user code entry page, also used to show device flow errors. */
export function userCodeInputSource(ctx: KoaContextWithOIDC, form: string, out?: ErrorDetails, err?: Error): void {
  if (!err) return render(ctx, 'input', 'Enter the code shown on your device', form);
  const outcome = err.name === 'AbortedError' ? 'aborted' : 'error';
  render(ctx, outcome, 'Device login', form, describe(out) || err.message);
}

/** Device flow: asks the user to confirm the code (the form carries `confirm=yes`). */
export function userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, _client: unknown, _deviceInfo: unknown, userCode: string): void {
  render(ctx, 'confirm', `Confirm code ${userCode}`, form);
}

/** Device flow: the end page after the user approved. */
export function successSource(ctx: KoaContextWithOIDC): void {
  render(ctx, 'success', 'Device signed in', '', 'You can close this page.');
}

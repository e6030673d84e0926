import { note } from './output.js';

/**
 * Shows a URL to the user: always printed (stderr), and opened in the default browser unless
 * `browser` is false. A browser that fails to start is not an error: the URL is on screen.
 */
export async function showUrl(url: string, options: { browser: boolean; what: string }): Promise<void> {
  if (!options.browser) {
    note(`Open this URL in a browser to ${options.what}:\n\n  ${url}\n`);
    return;
  }
  note(`Opening your browser to ${options.what}. If it does not open, visit:\n\n  ${url}\n`);
  try {
    const { default: open } = await import('open');
    const child = await open(url);
    // xdg-open missing or failing must not crash the login.
    child.on('error', () => undefined);
  } catch {
    // The URL is printed above.
  }
}

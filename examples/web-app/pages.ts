import type { Playlist } from '@oauthflow/youtube';

/** HTML-escapes text from outside (playlist titles, error messages). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, body: string, instance: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head><body>`,
    body,
    `<footer><small>Served by instance ${escapeHtml(instance)}</small></footer></body></html>`,
  ].join('\n');
}

function form(action: string, label: string, csrf: string): string {
  return `<form method="post" action="${action}"><input type="hidden" name="csrf" value="${escapeHtml(csrf)}"><button>${escapeHtml(label)}</button></form>`;
}

/** Not connected yet (or the connection ended). */
export function connectPage(options: { instance: string; csrf: string; notice?: string }): string {
  return layout(
    'Connect your YouTube account',
    [
      '<main data-page="connect"><h1>Connect your YouTube account</h1>',
      options.notice === undefined ? '' : `<p role="status">${escapeHtml(options.notice)}</p>`,
      '<p>We will list your playlists. You can disconnect at any time.</p>',
      form('/connect', 'Connect your YouTube account', options.csrf),
      form('/logout', 'Sign out', options.csrf),
      '</main>',
    ].join('\n'),
    options.instance,
  );
}

export function playlistsPage(options: { instance: string; csrf: string; playlists: readonly Playlist[] }): string {
  const items = options.playlists.map(
    (p) => `<li data-playlist-id="${escapeHtml(p.id ?? '')}">${escapeHtml(p.snippet?.title ?? '(untitled)')} — ${p.contentDetails?.itemCount ?? 0} videos</li>`,
  );
  return layout(
    'Your playlists',
    [
      '<main data-page="playlists"><h1>Your playlists</h1>',
      items.length === 0 ? '<p>You have no playlists yet.</p>' : `<ul>\n${items.join('\n')}\n</ul>`,
      form('/disconnect', 'Disconnect YouTube', options.csrf),
      form('/logout', 'Sign out', options.csrf),
      '</main>',
    ].join('\n'),
    options.instance,
  );
}

/** Errors shown to the user: what happened and what to do, never a stack trace. */
export function errorPage(options: { instance: string; status: number; title: string; message: string }): string {
  return layout(
    options.title,
    `<main data-page="error" data-status="${options.status}"><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.message)}</p><p><a href="/">Back to the start</a></p></main>`,
    options.instance,
  );
}

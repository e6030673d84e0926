import { noContent, ok, requireUser, type FakeContext, type FakeReply, type FakeRoute } from './context.js';
import { fail } from './google-error.js';
import { listReply } from './paging.js';
import { at, listParam, type Item } from './store.js';

// The methods that are not list/insert/update/delete of a collection.

function requireParam(context: FakeContext, name: string): string {
  const value = context.query.get(name);
  if (!value) throw fail.required(name);
  return value;
}

const MODERATION = new Set(['heldForReview', 'published', 'rejected']);
const RATINGS = new Set(['like', 'dislike', 'none']);

/** search.list over videos, channels and playlists. */
const search: FakeRoute = (context) => {
  const types = listParam(context.query, 'type');
  const wanted = types.length ? types : ['video', 'channel', 'playlist'];
  const words = (context.query.get('q') ?? '')
    .toLowerCase()
    .split(/[\s|]+/)
    .filter(Boolean);
  const channelId = context.query.get('channelId');
  if (context.query.get('forMine') === 'true') requireUser(context);
  const sources: Array<[string, string, string]> = [
    ['video', 'videos', 'videoId'],
    ['channel', 'channels', 'channelId'],
    ['playlist', 'playlists', 'playlistId'],
  ];
  const results: Item[] = [];
  for (const [type, resource, idField] of sources) {
    if (!wanted.includes(type)) continue;
    for (const item of context.store.all(resource)) {
      const snippet = (item['snippet'] ?? {}) as Record<string, unknown>;
      const owner = type === 'channel' ? item.id : snippet['channelId'];
      const text = `${String(snippet['title'] ?? '')} ${String(snippet['description'] ?? '')}`.toLowerCase();
      if (words.length && !words.some((word) => text.includes(word))) continue;
      if (channelId && owner !== channelId) continue;
      if (context.query.get('forMine') === 'true' && owner !== context.store.myChannelId) continue;
      results.push({
        kind: 'youtube#searchResult',
        etag: item.etag ?? '',
        id: { kind: `youtube#${type}`, [idField]: item.id },
        snippet: {
          publishedAt: snippet['publishedAt'],
          channelId: owner,
          title: snippet['title'],
          description: snippet['description'],
          thumbnails: snippet['thumbnails'],
          channelTitle: snippet['channelTitle'] ?? snippet['title'],
          liveBroadcastContent: 'none',
        },
      } as unknown as Item); // a search result's id is an object, not a string
    }
  }
  return listReply(context, 'youtube#searchListResponse', results, { paged: true });
};

const rate: FakeRoute = (context) => {
  requireUser(context);
  const id = requireParam(context, 'id');
  const rating = requireParam(context, 'rating');
  if (!RATINGS.has(rating)) throw fail.badRequest(`Invalid value for rating: ${rating}`, 'invalidRating');
  if (!context.store.get('videos', id)) throw fail.notFound('videoNotFound', 'The video that you are trying to rate cannot be found.');
  if (rating === 'none') context.store.ratings.delete(id);
  else context.store.ratings.set(id, rating);
  return noContent();
};

const getRating: FakeRoute = (context) => {
  requireUser(context);
  const ids = listParam(context.query, 'id');
  if (ids.length === 0) throw fail.required('id');
  return ok({
    kind: 'youtube#videoGetRatingResponse',
    etag: 'fake',
    items: ids.map((videoId) => ({ videoId, rating: context.store.ratings.get(videoId) ?? 'none' })),
  });
};

const reportAbuse: FakeRoute = (context) => {
  requireUser(context);
  const body = (context.body ?? {}) as Record<string, unknown>;
  if (!context.store.get('videos', String(body['videoId'] ?? '')))
    throw fail.notFound('videoNotFound', 'The video that you are trying to report abuse for cannot be found.');
  if (!context.store.get('videoAbuseReportReasons', String(body['reasonId'] ?? ''))) throw fail.badRequest('The reason id is invalid.', 'invalidAbuseReason');
  return noContent();
};

function moderate(status: (context: FakeContext) => string): FakeRoute {
  return (context) => {
    requireUser(context);
    const ids = listParam(context.query, 'id');
    if (ids.length === 0) throw fail.required('id');
    const moderationStatus = status(context);
    for (const id of ids) {
      const found = context.store.get('comments', id);
      if (!found) throw fail.notFound('commentNotFound', 'The comment could not be found.');
      context.store.put('comments', { ...found, snippet: { ...(found['snippet'] as object), moderationStatus } });
    }
    return noContent();
  };
}

const setModerationStatus = moderate((context) => {
  const value = requireParam(context, 'moderationStatus');
  if (!MODERATION.has(value)) throw fail.badRequest(`Invalid value for moderationStatus: ${value}`, 'invalidModerationStatus');
  return value;
});

/** captions.download: a small WebVTT file. */
function downloadCaption(context: FakeContext, id: string): FakeReply {
  requireUser(context);
  const caption = context.store.get('captions', id);
  if (!caption) throw fail.notFound('captionNotFound', 'The caption track could not be found.');
  const text = `WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello from the fake YouTube API (${String(at(caption, 'snippet.language'))})\n`;
  return { status: 200, body: text, headers: { 'content-type': 'text/vtt; charset=utf-8' } };
}

const mediaRequired: FakeRoute = () => {
  throw fail.badRequest('The request does not include the media content; upload it to the /upload URL.', 'mediaBodyRequired');
};

/** Routes by `METHOD path`. */
export const actionRoutes: Record<string, FakeRoute> = {
  'GET search': search,
  'POST videos/rate': rate,
  'GET videos/getRating': getRating,
  'POST videos/reportAbuse': reportAbuse,
  'POST comments/setModerationStatus': setModerationStatus,
  'POST comments/markAsSpam': moderate(() => 'rejected'),
  'POST watermarks/unset': (context) => {
    requireUser(context);
    requireParam(context, 'channelId');
    return noContent();
  },
  'POST videos': mediaRequired,
  'POST captions': mediaRequired,
  'POST thumbnails/set': mediaRequired,
  'POST watermarks/set': mediaRequired,
  'POST channelBanners/insert': mediaRequired,
};

/** `GET captions/{id}` (the one route with a path parameter). */
export function pathRoute(method: string, path: string): FakeRoute | undefined {
  const match = /^captions\/([^/]+)$/.exec(path);
  if (method === 'GET' && match) return (context) => downloadCaption(context, decodeURIComponent(match[1]!));
  return undefined;
}

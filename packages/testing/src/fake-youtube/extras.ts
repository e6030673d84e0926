import { byId, objectBody, snippetOf, type CollectionConfig } from './collections.js';
import { noContent, ok, requireUser, type FakeContext, type FakeRoute } from './context.js';
import { fail } from './google-error.js';
import { listReply, requireParts } from './paging.js';
import { at, listParam, withParts, type FakeStore, type Item } from './store.js';

// The newer, smaller resources: abuse reports, tests, third-party links, playlist images, video
// statistics in batches and trainability.

/** Seeds a playlist image for the first playlist and a store link for the channel. */
export function seedExtras(store: FakeStore): void {
  store.put('playlistImages', {
    kind: 'youtube#playlistImage',
    id: 'PLIMGfake0001',
    snippet: { playlistId: 'PLfakeMyPlaylist0001', type: 'hero', width: 2048, height: 1152 },
  });
  store.put('thirdPartyLinks', {
    kind: 'youtube#thirdPartyLink',
    id: 'fake-store-link-token',
    linkingToken: 'fake-store-link-token',
    snippet: { type: 'channelToStoreLink', channelToStoreLink: { storeName: 'Fake Merch', storeUrl: 'https://merch.example/fake', merchantId: '12345' } },
    status: { linkStatus: 'linked' },
  });
}

/** playlistImages.insert without media (the image comes by upload; JSON-only inserts keep the metadata). */
export function createPlaylistImage(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  if (!context.store.get('playlists', String(snippet['playlistId'] ?? ''))) throw fail.notFound('playlistNotFound', 'The playlist cannot be found.');
  return { kind: 'youtube#playlistImage', id: `PLIMG${context.store.newId('', 20)}`, snippet: { type: 'hero', width: 2048, height: 1152, ...snippet } };
}

/** thirdPartyLinks.insert */
function createLink(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  if (typeof snippet['type'] !== 'string') throw fail.badRequest('snippet.type is required.', 'typeRequired');
  const token = typeof body['linkingToken'] === 'string' ? body['linkingToken'] : context.store.newId('link-', 16);
  return { kind: 'youtube#thirdPartyLink', id: token, linkingToken: token, snippet, status: { linkStatus: 'linked' } };
}

/** Collections for the generic routes. */
export const EXTRA_COLLECTIONS: Record<string, CollectionConfig & { methods: ReadonlyArray<'GET' | 'POST' | 'PUT' | 'DELETE'>; path: string }> = {
  playlistImages: {
    path: 'playlistImages',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    listKind: 'youtube#playlistImageListResponse',
    paged: true,
    notFound: 'playlistImageNotFound',
    create: createPlaylistImage,
    filters: {
      parent: (item, values) => values.includes(String(at(item, 'snippet.playlistId'))),
      id: byId,
    },
  },
  thirdPartyLinks: {
    path: 'thirdPartyLinks',
    methods: ['POST'],
    listKind: 'youtube#thirdPartyLinkListResponse',
    notFound: 'linkNotFound',
    create: createLink,
    filters: {},
  },
};

const linkMatches = (item: Item, context: FakeContext): boolean => {
  const token = context.query.get('linkingToken');
  const type = context.query.get('type');
  return (token === null || item['linkingToken'] === token) && (type === null || at(item, 'snippet.type') === type);
};

/** Extra routes by `METHOD path`. */
export const extraRoutes: Record<string, FakeRoute> = {
  'POST abuseReports': (context) => {
    requireUser(context);
    requireParts(context);
    const body = objectBody(context);
    if (typeof body['subject'] !== 'object' || body['subject'] === null) throw fail.badRequest('subject is required.', 'subjectRequired');
    return ok({ ...body, abuseTypes: body['abuseTypes'] ?? [{ id: 'spam' }] });
  },
  'POST tests': (context) => {
    requireParts(context);
    return ok({ id: context.store.newId('test', 12), etag: context.store.newId('', 20), featuredPart: false, ...objectBody(context) });
  },
  'GET thirdPartyLinks': (context) => {
    requireUser(context);
    requireParts(context);
    return listReply(
      context,
      'youtube#thirdPartyLinkListResponse',
      context.store.all('thirdPartyLinks').filter((item) => linkMatches(item, context)),
      { paged: false },
    );
  },
  'PUT thirdPartyLinks': (context) => {
    requireUser(context);
    const parts = requireParts(context);
    const body = objectBody(context);
    const existing = context.store.get('thirdPartyLinks', String(body['linkingToken'] ?? ''));
    if (!existing) throw fail.notFound('linkNotFound', 'The link cannot be found.');
    return ok(
      withParts(
        context.store.put('thirdPartyLinks', { ...existing, snippet: { ...(existing['snippet'] as object), ...(body['snippet'] as object | undefined) } }),
        parts,
      ),
    );
  },
  'DELETE thirdPartyLinks': (context) => {
    requireUser(context);
    const found = context.store.all('thirdPartyLinks').find((item) => linkMatches(item, context));
    if (!context.query.get('linkingToken') || !context.query.get('type')) throw fail.required(context.query.get('linkingToken') ? 'type' : 'linkingToken');
    if (!found?.id) throw fail.notFound('linkNotFound', 'The link cannot be found.');
    context.store.delete('thirdPartyLinks', found.id);
    return noContent();
  },
  'GET videos:batchGetStats': (context) => {
    const ids = listParam(context.query, 'id');
    if (ids.length === 0) throw fail.required('id');
    const items = ids.flatMap((id) => {
      const video = context.store.get('videos', id);
      if (!video) return [];
      return [
        {
          kind: 'youtube#videoStat',
          etag: video.etag,
          id,
          snippet: { publishedAt: at(video, 'snippet.publishedAt') },
          statistics: {
            viewCount: at(video, 'statistics.viewCount'),
            likeCount: at(video, 'statistics.likeCount'),
            commentCount: at(video, 'statistics.commentCount'),
          },
        },
      ];
    });
    return ok({ kind: 'youtube#batchGetStatsResponse', etag: context.store.newId('', 20), items });
  },
  'GET videoTrainability': (context) => {
    const id = context.query.get('id');
    if (!id) throw fail.required('id');
    if (!context.store.get('videos', id)) throw fail.notFound('videoNotFound', 'The video cannot be found.');
    return ok({ kind: 'youtube#videoTrainability', etag: context.store.newId('', 20), videoId: id, permitted: ['none'] });
  },
};

import { actionRoutes, pathRoute } from './actions.js';
import { accepted, byId, collectionRoutes, field, mine, type CollectionConfig } from './collections.js';
import type { FakeRoute } from './context.js';
import {
  afterPlaylistItemDelete,
  createChannelSection,
  createCommentThread,
  createPlaylist,
  createPlaylistItem,
  createReply,
  createSubscription,
} from './creators.js';
import { EXTRA_COLLECTIONS, extraRoutes } from './extras.js';
import { fail } from './google-error.js';
import { LIVE_COLLECTIONS, liveActionRoutes } from './live.js';
import { at } from './store.js';

// Which methods each resource answers, and how its list filters work. Routes are keyed `METHOD path`.

type Collection = CollectionConfig & { methods: ReadonlyArray<'GET' | 'POST' | 'PUT' | 'DELETE'> };

const CRUD = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const LIST = ['GET'] as const;

const COLLECTIONS: Record<string, Collection> = {
  activities: {
    methods: LIST,
    listKind: 'youtube#activityListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'activityNotFound',
    filters: { channelId: field('snippet.channelId'), mine: mine('snippet.channelId'), ...accepted('home', 'publishedAfter', 'publishedBefore', 'regionCode') },
  },
  captions: {
    methods: ['GET', 'PUT', 'DELETE'],
    listKind: 'youtube#captionListResponse',
    notFound: 'captionNotFound',
    filters: { videoId: field('snippet.videoId'), id: byId },
  },
  channels: {
    methods: ['GET', 'PUT'],
    listKind: 'youtube#channelListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'channelNotFound',
    filters: {
      id: byId,
      mine: mine('id'),
      forHandle: (item, values) =>
        values.some((handle) => String(at(item, 'snippet.customUrl')).toLowerCase() === `@${handle.replace(/^@/, '').toLowerCase()}`),
      forUsername: (item, values) => values.includes(String(at(item, 'snippet.title'))),
      ...accepted('managedByMe', 'mySubscribers', 'categoryId', 'hl'),
    },
  },
  channelSections: {
    methods: CRUD,
    listKind: 'youtube#channelSectionListResponse',
    requireFilter: true,
    notFound: 'channelSectionNotFound',
    create: createChannelSection,
    filters: { channelId: field('snippet.channelId'), id: byId, mine: mine('snippet.channelId') },
  },
  comments: {
    methods: CRUD,
    listKind: 'youtube#commentListResponse',
    paged: true,
    maxPage: 100,
    requireFilter: true,
    notFound: 'commentNotFound',
    create: createReply,
    filters: { id: byId, parentId: field('snippet.parentId'), ...accepted('textFormat') },
  },
  commentThreads: {
    methods: ['GET', 'POST'],
    listKind: 'youtube#commentThreadListResponse',
    paged: true,
    maxPage: 100,
    requireFilter: true,
    notFound: 'commentThreadNotFound',
    create: createCommentThread,
    filters: {
      id: byId,
      videoId: field('snippet.videoId'),
      channelId: field('snippet.channelId'),
      allThreadsRelatedToChannelId: field('snippet.channelId'),
      searchTerms: (item, values) =>
        values.some((term) => String(at(item, 'snippet.topLevelComment.snippet.textOriginal')).toLowerCase().includes(term.toLowerCase())),
      ...accepted('moderationStatus', 'order', 'textFormat'),
    },
  },
  i18nLanguages: { methods: LIST, listKind: 'youtube#i18nLanguageListResponse', notFound: 'notFound', filters: accepted('hl') },
  i18nRegions: { methods: LIST, listKind: 'youtube#i18nRegionListResponse', notFound: 'notFound', filters: accepted('hl') },
  members: {
    methods: LIST,
    listKind: 'youtube#memberListResponse',
    paged: true,
    maxPage: 1000,
    hideIds: true,
    notFound: 'notFound',
    filters: {
      filterByMemberChannelId: (item, values) => values.includes(String(at(item, 'snippet.memberDetails.channelId'))),
      ...accepted('mode', 'hasAccessToLevel'),
    },
  },
  membershipsLevels: { methods: LIST, listKind: 'youtube#membershipsLevelListResponse', notFound: 'notFound', filters: {} },
  playlistItems: {
    methods: CRUD,
    listKind: 'youtube#playlistItemListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'playlistItemNotFound',
    create: createPlaylistItem,
    afterDelete: afterPlaylistItemDelete,
    filters: {
      id: byId,
      videoId: field('contentDetails.videoId'),
      playlistId: (item, values, context) => {
        const uploads = (id: string) => id.startsWith('UU') && context.store.get('channels', `UC${id.slice(2)}`) !== undefined;
        if (!values.some((id) => context.store.get('playlists', id) || uploads(id)))
          throw fail.notFound('playlistNotFound', "The playlist identified with the request's playlistId parameter cannot be found.");
        return values.includes(String(at(item, 'snippet.playlistId')));
      },
    },
  },
  playlists: {
    methods: CRUD,
    listKind: 'youtube#playlistListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'playlistNotFound',
    create: createPlaylist,
    filters: { id: byId, channelId: field('snippet.channelId'), mine: mine('snippet.channelId'), ...accepted('hl') },
  },
  subscriptions: {
    methods: ['GET', 'POST', 'DELETE'],
    listKind: 'youtube#subscriptionListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'subscriptionNotFound',
    create: createSubscription,
    filters: {
      id: byId,
      mine: mine('snippet.channelId'),
      channelId: field('snippet.channelId'),
      forChannelId: field('snippet.resourceId.channelId'),
      ...accepted('order', 'myRecentSubscribers', 'mySubscribers'),
    },
  },
  videoAbuseReportReasons: { methods: LIST, listKind: 'youtube#videoAbuseReportReasonListResponse', notFound: 'notFound', filters: accepted('hl') },
  videoCategories: {
    methods: LIST,
    listKind: 'youtube#videoCategoryListResponse',
    notFound: 'videoCategoryNotFound',
    filters: { id: byId, ...accepted('regionCode', 'hl') },
  },
  videos: {
    methods: ['GET', 'PUT', 'DELETE'],
    listKind: 'youtube#videoListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'videoNotFound',
    filters: {
      id: byId,
      chart: (item) => at(item, 'status.privacyStatus') === 'public',
      myRating: (item, values, context) => context.store.ratings.get(item.id ?? '') === values[0],
      ...accepted('regionCode', 'videoCategoryId', 'maxHeight', 'maxWidth', 'locale', 'hl'),
    },
  },
};

/** Every JSON route of the fake, keyed `METHOD path`. */
function buildRoutes(): Map<string, FakeRoute> {
  const routes = new Map<string, FakeRoute>();
  for (const [resource, config] of Object.entries(COLLECTIONS)) {
    const handlers = collectionRoutes(resource, config);
    for (const method of config.methods) {
      const handler = handlers[method];
      if (handler) routes.set(`${method} ${resource}`, handler);
    }
  }
  for (const [resource, config] of Object.entries({ ...LIVE_COLLECTIONS, ...EXTRA_COLLECTIONS })) {
    const handlers = collectionRoutes(resource, config);
    for (const method of config.methods) {
      const handler = handlers[method];
      if (handler) routes.set(`${method} ${config.path}`, handler);
    }
  }
  for (const [key, handler] of Object.entries({ ...actionRoutes, ...liveActionRoutes, ...extraRoutes })) routes.set(key, handler);
  return routes;
}

const ROUTES = buildRoutes();

/** The route for a request, if the fake knows it. */
export function findRoute(method: string, path: string): FakeRoute | undefined {
  return ROUTES.get(`${method} ${path}`) ?? pathRoute(method, path);
}

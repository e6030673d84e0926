import { byId, field, mine, objectBody, snippetOf, type CollectionConfig } from './collections.js';
import { noContent, ok, requireUser, type FakeContext, type FakeRoute } from './context.js';
import { thumbnails } from './dataset.js';
import { fail } from './google-error.js';
import { requireParts } from './paging.js';
import { at, listParam, withParts, type FakeStore, type Item } from './store.js';

// The live streaming part: broadcasts, streams, their chat (messages, bans, moderators) and Super Chats.

/** The fake's one live broadcast: live now, with an active chat. */
export const LIVE_VIDEO_ID = 'fakeLive0001';
export const LIVE_CHAT_ID = 'Cg0KC2Zha2VMaXZlMDAwMQ';
const STARTED = '2024-02-01T18:00:00Z';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function chatMessage(store: FakeStore, liveChatId: string, text: string, author: { channelId: string; displayName: string; owner?: boolean }): Item {
  return {
    kind: 'youtube#liveChatMessage',
    id: `LCM${store.newId('', 24)}`,
    snippet: {
      type: 'textMessageEvent',
      liveChatId,
      authorChannelId: author.channelId,
      publishedAt: now(),
      hasDisplayContent: true,
      displayMessage: text,
      textMessageDetails: { messageText: text },
    },
    authorDetails: {
      channelId: author.channelId,
      channelUrl: `http://www.youtube.com/channel/${author.channelId}`,
      displayName: author.displayName,
      profileImageUrl: `https://yt3.ggpht.com/${author.channelId}`,
      isVerified: false,
      isChatOwner: author.owner ?? false,
      isChatSponsor: false,
      isChatModerator: false,
    },
  };
}

/** Seeds a live broadcast with its stream, video, chat, a moderator and two Super Chats. */
export function seedLive(store: FakeStore): void {
  const me = store.myChannelId;
  store.put('liveStreams', {
    kind: 'youtube#liveStream',
    id: `${me}fakeStream01`,
    snippet: { publishedAt: STARTED, channelId: me, title: 'Main camera', description: '', isDefaultStream: false },
    cdn: {
      ingestionType: 'rtmp',
      resolution: '1080p',
      frameRate: '30fps',
      ingestionInfo: {
        streamName: 'fake-stream-key',
        ingestionAddress: 'rtmp://a.rtmp.youtube.com/live2',
        backupIngestionAddress: 'rtmp://b.rtmp.youtube.com/live2?backup=1',
      },
    },
    status: { streamStatus: 'active', healthStatus: { status: 'good' } },
    contentDetails: { closedCaptionsIngestionUrl: 'http://upload.youtube.com/closedcaption', isReusable: true },
  });
  store.put('liveBroadcasts', {
    kind: 'youtube#liveBroadcast',
    id: LIVE_VIDEO_ID,
    snippet: {
      publishedAt: STARTED,
      channelId: me,
      title: 'Live: building an OAuth flow',
      description: 'Streaming now',
      thumbnails: thumbnails(`https://i.ytimg.com/vi/${LIVE_VIDEO_ID}`),
      scheduledStartTime: STARTED,
      actualStartTime: STARTED,
      liveChatId: LIVE_CHAT_ID,
      isDefaultBroadcast: false,
    },
    status: { lifeCycleStatus: 'live', privacyStatus: 'public', recordingStatus: 'recording', madeForKids: false, selfDeclaredMadeForKids: false },
    contentDetails: {
      boundStreamId: `${me}fakeStream01`,
      enableAutoStart: false,
      enableAutoStop: true,
      enableDvr: true,
      latencyPreference: 'normal',
      projection: 'rectangular',
    },
    statistics: { concurrentViewers: '42' },
  });
  store.put('videos', {
    kind: 'youtube#video',
    id: LIVE_VIDEO_ID,
    snippet: {
      publishedAt: STARTED,
      channelId: me,
      title: 'Live: building an OAuth flow',
      description: 'Streaming now',
      thumbnails: thumbnails(`https://i.ytimg.com/vi/${LIVE_VIDEO_ID}`),
      channelTitle: 'Test User Channel',
      liveBroadcastContent: 'live',
      categoryId: '28',
    },
    status: { uploadStatus: 'uploaded', privacyStatus: 'public', embeddable: true, publicStatsViewable: true, madeForKids: false },
    liveStreamingDetails: { actualStartTime: STARTED, scheduledStartTime: STARTED, concurrentViewers: '42', activeLiveChatId: LIVE_CHAT_ID },
  });
  [
    ['UCfakeOtherChannel000001', 'Cooking With Fakes', 'Hello from the kitchen!'],
    ['UCfakeOtherChannel000002', 'Fake Science Daily', 'Great stream'],
    [me, 'Test User', 'Welcome everyone', true] as const,
  ].forEach(([channelId, displayName, text, owner]) =>
    store.put('liveChatMessages', chatMessage(store, LIVE_CHAT_ID, text, { channelId, displayName, owner: owner === true })),
  );
  store.put('liveChatModerators', {
    kind: 'youtube#liveChatModerator',
    id: 'LCMODfake0001',
    snippet: {
      liveChatId: LIVE_CHAT_ID,
      moderatorDetails: {
        channelId: 'UCfakeOtherChannel000002',
        channelUrl: 'http://www.youtube.com/channel/UCfakeOtherChannel000002',
        displayName: 'Fake Science Daily',
        profileImageUrl: 'https://yt3.ggpht.com/UCfakeOtherChannel000002',
      },
    },
  });
  [
    [5_000_000, '$5.00', 'Keep it up!'],
    [20_000_000, '$20.00', 'Amazing'],
  ].forEach(([amountMicros, displayString, commentText], index) =>
    store.put('superChatEvents', {
      kind: 'youtube#superChatEvent',
      id: `SCEfake000${index + 1}`,
      snippet: {
        channelId: me,
        supporterDetails: {
          channelId: 'UCfakeOtherChannel000003',
          displayName: 'Lo-fi Fake Beats',
          channelUrl: 'http://www.youtube.com/channel/UCfakeOtherChannel000003',
          profileImageUrl: 'https://yt3.ggpht.com/UCfakeOtherChannel000003',
        },
        commentText,
        createdAt: STARTED,
        amountMicros: String(amountMicros),
        currency: 'USD',
        displayString,
        messageType: index + 1,
        isSuperStickerEvent: false,
      },
    }),
  );
}

/** Broadcast status filter values → life cycle states. */
const BROADCAST_STATUS: Record<string, string[]> = {
  active: ['live', 'liveStarting', 'testing', 'testStarting'],
  all: [],
  completed: ['complete', 'revoked'],
  upcoming: ['created', 'ready'],
};

/** liveBroadcasts.insert */
function createBroadcast(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  if (typeof snippet['title'] !== 'string' || typeof snippet['scheduledStartTime'] !== 'string') {
    throw fail.badRequest('A broadcast needs snippet.title and snippet.scheduledStartTime.', 'invalidScheduledStartTime');
  }
  const id = context.store.newId('', 11);
  return {
    kind: 'youtube#liveBroadcast',
    id,
    snippet: {
      publishedAt: now(),
      channelId: context.store.myChannelId,
      description: '',
      thumbnails: thumbnails(`https://i.ytimg.com/vi/${id}`),
      liveChatId: context.store.newId('Cg', 20),
      isDefaultBroadcast: false,
      ...snippet,
    },
    status: { lifeCycleStatus: 'created', privacyStatus: 'private', recordingStatus: 'notRecording', ...(body['status'] as object | undefined) },
    contentDetails: {
      enableAutoStart: false,
      enableAutoStop: false,
      enableDvr: true,
      latencyPreference: 'normal',
      ...(body['contentDetails'] as object | undefined),
    },
  };
}

/** liveStreams.insert */
function createStream(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  if (typeof snippet['title'] !== 'string') throw fail.badRequest('A stream needs snippet.title.', 'titleRequired');
  if (typeof body['cdn'] !== 'object' || body['cdn'] === null) throw fail.badRequest('A stream needs cdn settings.', 'cdnRequired');
  const key = context.store.newId('', 16);
  return {
    kind: 'youtube#liveStream',
    id: `${context.store.myChannelId}${key}`,
    snippet: { publishedAt: now(), channelId: context.store.myChannelId, description: '', isDefaultStream: false, ...snippet },
    cdn: { ingestionInfo: { streamName: key, ingestionAddress: 'rtmp://a.rtmp.youtube.com/live2' }, ...(body['cdn'] as object) },
    status: { streamStatus: 'ready', healthStatus: { status: 'noData' } },
    contentDetails: { isReusable: true, ...(body['contentDetails'] as object | undefined) },
  };
}

/** The chat id must be an existing broadcast's, and its chat must still be open. */
function openChat(context: FakeContext, liveChatId: string): Item {
  const broadcast = context.store.all('liveBroadcasts').find((item) => at(item, 'snippet.liveChatId') === liveChatId);
  if (!broadcast) throw fail.notFound('liveChatNotFound', 'The live chat that you are trying to retrieve cannot be found.');
  if (at(broadcast, 'status.lifeCycleStatus') === 'complete') throw fail.forbidden('liveChatEnded', 'The specified live chat is no longer live.');
  return broadcast;
}

/** liveChatMessages.insert */
function createChatMessage(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  const liveChatId = String(snippet['liveChatId'] ?? '');
  openChat(context, liveChatId);
  const text = at(snippet, 'textMessageDetails.messageText');
  if (typeof text !== 'string' || text === '') throw fail.badRequest('The message text is required.', 'messageTextRequired');
  return chatMessage(context.store, liveChatId, text, { channelId: context.store.myChannelId, displayName: context.user?.name ?? 'Test User', owner: true });
}

/** liveChatBans.insert */
function createBan(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  openChat(context, String(snippet['liveChatId'] ?? ''));
  if (!at(snippet, 'bannedUserDetails.channelId')) throw fail.badRequest('snippet.bannedUserDetails.channelId is required.', 'bannedUserChannelIdRequired');
  return { kind: 'youtube#liveChatBan', id: `LCB${context.store.newId('', 20)}`, snippet: { type: 'permanent', ...snippet } };
}

/** liveChatModerators.insert */
function createModerator(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  openChat(context, String(snippet['liveChatId'] ?? ''));
  const channelId = String(at(snippet, 'moderatorDetails.channelId') ?? '');
  if (!channelId) throw fail.badRequest('snippet.moderatorDetails.channelId is required.', 'moderatorChannelIdRequired');
  return {
    kind: 'youtube#liveChatModerator',
    id: `LCMOD${context.store.newId('', 20)}`,
    snippet: {
      ...snippet,
      moderatorDetails: {
        channelId,
        channelUrl: `http://www.youtube.com/channel/${channelId}`,
        displayName: channelId,
        profileImageUrl: `https://yt3.ggpht.com/${channelId}`,
      },
    },
  };
}

/** Collections of the live part, for the generic list/insert/update/delete routes. */
export const LIVE_COLLECTIONS: Record<string, CollectionConfig & { methods: ReadonlyArray<'GET' | 'POST' | 'PUT' | 'DELETE'>; path: string }> = {
  liveBroadcasts: {
    path: 'liveBroadcasts',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    listKind: 'youtube#liveBroadcastListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'liveBroadcastNotFound',
    create: createBroadcast,
    filters: {
      id: byId,
      mine: mine('snippet.channelId'),
      broadcastStatus: (item, values) =>
        (BROADCAST_STATUS[values[0] ?? 'all'] ?? []).length === 0 || (BROADCAST_STATUS[values[0]!] ?? []).includes(String(at(item, 'status.lifeCycleStatus'))),
      broadcastType: () => true,
    },
  },
  liveStreams: {
    path: 'liveStreams',
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    listKind: 'youtube#liveStreamListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'liveStreamNotFound',
    create: createStream,
    filters: { id: byId, mine: mine('snippet.channelId') },
  },
  liveChatMessages: {
    path: 'liveChat/messages',
    methods: ['POST', 'DELETE'],
    listKind: 'youtube#liveChatMessageListResponse',
    notFound: 'liveChatMessageNotFound',
    create: createChatMessage,
    filters: {},
  },
  liveChatBans: {
    path: 'liveChat/bans',
    methods: ['POST', 'DELETE'],
    listKind: 'youtube#liveChatBanListResponse',
    notFound: 'liveChatBanNotFound',
    create: createBan,
    filters: {},
  },
  liveChatModerators: {
    path: 'liveChat/moderators',
    methods: ['GET', 'POST', 'DELETE'],
    listKind: 'youtube#liveChatModeratorListResponse',
    paged: true,
    requireFilter: true,
    notFound: 'liveChatModeratorNotFound',
    create: createModerator,
    filters: { liveChatId: field('snippet.liveChatId') },
  },
  superChatEvents: {
    path: 'superChatEvents',
    methods: ['GET'],
    listKind: 'youtube#superChatEventListResponse',
    paged: true,
    notFound: 'notFound',
    filters: {},
  },
};

/**
 * liveChatMessages.list (and the streaming list, answered as one body): the messages after the
 * `pageToken` position, a token for the next poll (always), and `pollingIntervalMillis`; a chat
 * whose broadcast is complete answers 403 liveChatEnded.
 */
export const chatListRoute: FakeRoute = (context) => {
  const parts = requireParts(context);
  const liveChatId = context.query.get('liveChatId');
  if (!liveChatId) throw fail.required('liveChatId');
  openChat(context, liveChatId);
  const all = context.store.all('liveChatMessages').filter((item) => at(item, 'snippet.liveChatId') === liveChatId);
  const token = context.query.get('pageToken');
  const from = token === null ? 0 : Number(/^chat-(\d+)$/.exec(Buffer.from(token, 'base64url').toString())?.[1] ?? Number.NaN);
  if (!Number.isInteger(from)) throw fail.badRequest('The request specifies an invalid page token.', 'pageTokenInvalid');
  const max = Number(context.query.get('maxResults') ?? 500);
  const items = all.slice(from, from + max);
  const next = Buffer.from(`chat-${from + items.length}`).toString('base64url');
  return ok({
    kind: 'youtube#liveChatMessageListResponse',
    etag: context.store.newId('', 20),
    pollingIntervalMillis: context.store.liveChatPollingIntervalMillis,
    nextPageToken: next,
    pageInfo: { totalResults: all.length, resultsPerPage: items.length },
    items: items.map((item) => withParts(item, parts)),
  });
};

const requireQuery = (context: FakeContext, name: string): string => {
  const value = context.query.get(name);
  if (!value) throw fail.required(name);
  return value;
};

const broadcastOf = (context: FakeContext): Item => {
  const found = context.store.get('liveBroadcasts', requireQuery(context, 'id'));
  if (!found) throw fail.notFound('liveBroadcastNotFound', 'Broadcast not found.');
  return found;
};

/** Live routes that are not list/insert/update/delete, by `METHOD path`. */
export const liveActionRoutes: Record<string, FakeRoute> = {
  'POST liveBroadcasts/bind': (context) => {
    requireUser(context);
    const parts = requireParts(context);
    const broadcast = broadcastOf(context);
    const streamId = context.query.get('streamId');
    if (streamId && !context.store.get('liveStreams', streamId)) throw fail.notFound('liveStreamNotFound', 'Stream not found.');
    const contentDetails = { ...(broadcast['contentDetails'] as object), boundStreamId: streamId ?? undefined };
    return ok(withParts(context.store.put('liveBroadcasts', { ...broadcast, contentDetails }), parts));
  },
  'POST liveBroadcasts/transition': (context) => {
    requireUser(context);
    const parts = requireParts(context);
    const target = requireQuery(context, 'broadcastStatus');
    if (!['testing', 'live', 'complete'].includes(target)) throw fail.badRequest(`Invalid broadcastStatus: ${target}`, 'invalidTransition');
    const broadcast = broadcastOf(context);
    if (at(broadcast, 'status.lifeCycleStatus') === target) throw fail.forbidden('redundantTransition', 'The broadcast is already in the requested status.');
    const status = { ...(broadcast['status'] as object), lifeCycleStatus: target };
    return ok(withParts(context.store.put('liveBroadcasts', { ...broadcast, status }), parts));
  },
  'POST liveBroadcasts/cuepoint': (context) => {
    requireUser(context);
    broadcastOf(context);
    const body = objectBody(context);
    return ok({
      kind: 'youtube#cuepoint',
      etag: context.store.newId('', 20),
      id: context.store.newId('', 16),
      cueType: 'cueTypeAd',
      durationSecs: 30,
      ...body,
    });
  },
  'POST liveChat/messages/transition': (context) => {
    requireUser(context);
    const message = context.store.get('liveChatMessages', requireQuery(context, 'id'));
    if (!message) throw fail.notFound('liveChatMessageNotFound', 'The message could not be found.');
    const status = requireQuery(context, 'status');
    return ok(context.store.put('liveChatMessages', { ...message, snippet: { ...(message['snippet'] as object), pollDetails: { status } } }));
  },
  'GET liveChat/messages': chatListRoute,
  'GET liveChat/messages/stream': chatListRoute,
  'DELETE liveChat/bans': (context) => {
    requireUser(context);
    const id = requireQuery(context, 'id');
    if (!context.store.delete('liveChatBans', id)) throw fail.notFound('liveChatBanNotFound', 'The ban could not be found.');
    return noContent();
  },
};

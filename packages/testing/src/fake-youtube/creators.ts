import { requireUser, type FakeContext } from './context.js';
import { snippetOf } from './collections.js';
import { comment, commentThread, playlist, playlistItem, thumbnails } from './dataset.js';
import { fail } from './google-error.js';
import { at, type Item } from './store.js';

// How inserts build new items from request bodies, with the checks YouTube makes.

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** playlists.insert */
export function createPlaylist(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  if (typeof snippet['title'] !== 'string' || snippet['title'] === '') throw fail.badRequest('The playlist title is required.', 'playlistTitleRequired');
  const item = playlist(context.store.newId('PL', 32), context.store.myChannelId, snippet['title']);
  return {
    ...item,
    snippet: { ...(item['snippet'] as object), publishedAt: now(), ...snippet },
    status: { privacyStatus: 'public', ...(body['status'] as object | undefined) },
  };
}

/** playlistItems.insert: the playlist and the video must exist; the item goes last. */
export function createPlaylistItem(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  const playlistId = String(snippet['playlistId'] ?? '');
  const target = context.store.get('playlists', playlistId);
  if (!target) throw fail.notFound('playlistNotFound', "The playlist identified with the request's playlistId parameter cannot be found.");
  const videoId = String(at(snippet, 'resourceId.videoId') ?? '');
  const video = context.store.get('videos', videoId);
  if (!video) throw fail.notFound('videoNotFound', 'The video that you are trying to add to the playlist cannot be found.');
  const position = context.store.all('playlistItems').filter((item) => at(item, 'snippet.playlistId') === playlistId).length;
  context.store.put('playlists', { ...target, contentDetails: { itemCount: position + 1 } });
  return playlistItem(context.store.newId('PLI', 40), playlistId, video, position, context.store.myChannelId);
}

/** Keeps a playlist's itemCount right after one of its items was deleted. */
export function afterPlaylistItemDelete(context: FakeContext, item: Item): void {
  const playlistId = String(at(item, 'snippet.playlistId'));
  const target = context.store.get('playlists', playlistId);
  const count = context.store.all('playlistItems').filter((entry) => at(entry, 'snippet.playlistId') === playlistId).length;
  if (target) context.store.put('playlists', { ...target, contentDetails: { itemCount: count } });
}

/** commentThreads.insert: a new top-level comment on an existing video. */
export function createCommentThread(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  const text = at(snippet, 'topLevelComment.snippet.textOriginal');
  if (typeof text !== 'string' || text === '') throw fail.badRequest('The comment text is required.', 'commentTextRequired');
  const videoId = String(snippet['videoId'] ?? at(snippet, 'topLevelComment.snippet.videoId') ?? '');
  if (!context.store.get('videos', videoId)) throw fail.notFound('videoNotFound', 'The video identified by the videoId parameter could not be found.');
  const top = context.store.put('comments', comment(context.store.newId('Ug', 24), videoId, text, context.user?.name ?? 'Test User'));
  return commentThread(top.id!, top);
}

/** comments.insert: a reply to an existing thread. */
export function createReply(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  const parentId = String(snippet['parentId'] ?? '');
  const thread = context.store.get('commentThreads', parentId);
  if (!thread) throw fail.notFound('parentCommentNotFound', 'The parent comment cannot be found.');
  const text = snippet['textOriginal'];
  if (typeof text !== 'string' || text === '') throw fail.badRequest('The comment text is required.', 'commentTextRequired');
  const reply = comment(`${parentId}.${context.store.newId('', 12)}`, String(at(thread, 'snippet.videoId')), text, context.user?.name ?? 'Test User', parentId);
  const replies = [...((at(thread, 'replies.comments') as Item[] | undefined) ?? []), reply];
  context.store.put('commentThreads', {
    ...thread,
    snippet: { ...(thread['snippet'] as object), totalReplyCount: replies.length },
    replies: { comments: replies },
  });
  return reply;
}

/** subscriptions.insert: to an existing channel, once. */
export function createSubscription(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  const channelId = String(at(snippet, 'resourceId.channelId') ?? '');
  const target = context.store.get('channels', channelId);
  if (!target) throw fail.notFound('publisherNotFound', "The resource identified by the request's snippet.resourceId.channelId property cannot be found.");
  if (context.store.all('subscriptions').some((item) => at(item, 'snippet.resourceId.channelId') === channelId)) {
    throw fail.badRequest('The subscription that you are trying to create already exists.', 'subscriptionDuplicate');
  }
  return {
    kind: 'youtube#subscription',
    id: context.store.newId('SUB', 40),
    snippet: {
      publishedAt: now(),
      title: at(target, 'snippet.title'),
      description: '',
      resourceId: { kind: 'youtube#channel', channelId },
      channelId: context.store.myChannelId,
      thumbnails: thumbnails(`https://yt3.ggpht.com/${channelId}`),
    },
    contentDetails: { totalItemCount: 0, newItemCount: 0, activityType: 'all' },
  };
}

/** channelSections.insert */
export function createChannelSection(context: FakeContext, body: Record<string, unknown>): Item {
  requireUser(context);
  const snippet = snippetOf(body);
  if (typeof snippet['type'] !== 'string') throw fail.badRequest('The channel section type is required.', 'typeRequired');
  const position = context.store.all('channelSections').length;
  return {
    kind: 'youtube#channelSection',
    id: `${context.store.myChannelId}.${context.store.newId('', 22)}`,
    snippet: { channelId: context.store.myChannelId, position, style: 'horizontalRow', ...snippet },
    contentDetails: (body['contentDetails'] as object | undefined) ?? {},
  };
}

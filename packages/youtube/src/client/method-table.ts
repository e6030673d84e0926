import type { ResourceName, YouTubeMethods } from '../types/methods.js';

/** How one method goes over the wire — what Google's official client sends for it. */
export interface MethodSpec {
  verb: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the API base URL; `{name}` segments are filled from params. */
  path: string;
  /** Path under the upload base URL, for methods that take `media`. */
  mediaPath?: string;
  /** Params that must be present before anything is sent. */
  required: readonly string[];
  /** The response is text (caption files), not JSON. */
  text?: boolean;
  /** A POST that is safe to send twice (sets a state, creates nothing), so it is retried like a GET. */
  idempotent?: boolean;
}

type MethodTable = { readonly [R in ResourceName]: { readonly [M in keyof YouTubeMethods[R]]: MethodSpec } };

const list = (path: string, required: readonly string[] = ['part']): MethodSpec => ({ verb: 'GET', path, required });
const insert = (path: string, mediaPath?: string): MethodSpec => ({ verb: 'POST', path, required: ['part'], ...(mediaPath ? { mediaPath } : {}) });
const update = (path: string, mediaPath?: string): MethodSpec => ({ verb: 'PUT', path, required: ['part'], ...(mediaPath ? { mediaPath } : {}) });
const remove = (path: string): MethodSpec => ({ verb: 'DELETE', path, required: ['id'] });
const post = (path: string, required: readonly string[], mediaPath?: string): MethodSpec => ({ verb: 'POST', path, required, ...(mediaPath ? { mediaPath } : {}) });
const setState = (path: string, required: readonly string[]): MethodSpec => ({ ...post(path, required), idempotent: true });
const crud = (path: string) => ({ list: list(path), insert: insert(path), update: update(path), delete: remove(path) });

/**
 * Every method of the typed client. Derived from `@googleapis/youtube` v3 (URL, HTTP method,
 * media URL, required params); the type makes sure it covers {@link YouTubeMethods} exactly.
 */
export const METHOD_TABLE: MethodTable = {
  activities: { list: list('activities') },
  captions: {
    list: list('captions', ['part', 'videoId']),
    insert: insert('captions', 'captions'),
    update: update('captions', 'captions'),
    delete: remove('captions'),
    download: { verb: 'GET', path: 'captions/{id}', required: ['id'], text: true },
  },
  channelBanners: { insert: post('channelBanners/insert', [], 'channelBanners/insert') },
  channelSections: crud('channelSections'),
  channels: { list: list('channels'), update: update('channels') },
  comments: {
    ...crud('comments'),
    markAsSpam: setState('comments/markAsSpam', ['id']),
    setModerationStatus: setState('comments/setModerationStatus', ['id', 'moderationStatus']),
  },
  commentThreads: { list: list('commentThreads'), insert: insert('commentThreads') },
  i18nLanguages: { list: list('i18nLanguages') },
  i18nRegions: { list: list('i18nRegions') },
  members: { list: list('members') },
  membershipsLevels: { list: list('membershipsLevels') },
  playlistItems: crud('playlistItems'),
  playlists: crud('playlists'),
  search: { list: list('search') },
  subscriptions: { list: list('subscriptions'), insert: insert('subscriptions'), delete: remove('subscriptions') },
  thumbnails: { set: post('thumbnails/set', ['videoId'], 'thumbnails/set') },
  videoAbuseReportReasons: { list: list('videoAbuseReportReasons') },
  videoCategories: { list: list('videoCategories') },
  videos: {
    list: list('videos'),
    insert: insert('videos', 'videos'),
    update: update('videos'),
    delete: remove('videos'),
    rate: setState('videos/rate', ['id', 'rating']),
    getRating: list('videos/getRating', ['id']),
    reportAbuse: post('videos/reportAbuse', []),
  },
  watermarks: { set: post('watermarks/set', ['channelId'], 'watermarks/set'), unset: setState('watermarks/unset', ['channelId']) },
};

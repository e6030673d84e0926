import { randomBytes } from 'node:crypto';
import { noContent, ok, requireUser, type FakeContext, type FakeReply } from './context.js';
import { thumbnails, video } from './dataset.js';
import { fail } from './google-error.js';
import { requireParts } from './paging.js';
import { at, withParts, type Item } from './store.js';

/** One resumable upload session. */
interface Session {
  target: string;
  context: FakeContext;
  parts: string[];
  received: Buffer[];
  receivedBytes: number;
  declaredSize?: number;
}

/** Finishes an upload: what the last chunk is answered with. */
type Finisher = (session: Session) => FakeReply;

const finishers: Record<string, Finisher> = {
  'POST videos': ({ context, parts, receivedBytes }) => {
    const metadata = (context.body ?? {}) as Record<string, unknown>;
    const snippet = (metadata['snippet'] ?? {}) as Record<string, unknown>;
    const base = video(context.store.newId('', 11), context.store.myChannelId, String(snippet['title'] ?? 'Untitled'));
    const item: Item = {
      ...base,
      snippet: { ...(base['snippet'] as object), publishedAt: new Date().toISOString(), ...snippet },
      status: { ...(base['status'] as object), uploadStatus: 'uploaded', ...(metadata['status'] as object | undefined) },
      statistics: { viewCount: '0', likeCount: '0', favoriteCount: '0', commentCount: '0' },
      fileDetails: { fileSize: String(receivedBytes) },
    };
    return ok(withParts(context.store.put('videos', item), parts));
  },
  'POST thumbnails/set': ({ context }) => ok({ kind: 'youtube#thumbnailSetResponse', etag: 'fake', items: [thumbnails(`https://i.ytimg.com/vi/${context.query.get('videoId')}/custom`)] }),
  'POST captions': ({ context, parts }) => {
    const snippet = (at(context.body, 'snippet') ?? {}) as Record<string, unknown>;
    const item: Item = { kind: 'youtube#caption', id: context.store.newId('CAP', 30), snippet: { trackKind: 'standard', status: 'serving', lastUpdated: new Date().toISOString(), ...snippet } };
    return ok(withParts(context.store.put('captions', item), parts));
  },
  'PUT captions': ({ context, parts }) => {
    const id = String(at(context.body, 'id') ?? '');
    const existing = context.store.get('captions', id);
    if (!existing) throw fail.notFound('captionNotFound', 'The caption track could not be found.');
    return ok(withParts(context.store.put('captions', { ...existing, snippet: { ...(existing['snippet'] as object), lastUpdated: new Date().toISOString() } }), parts));
  },
  'POST watermarks/set': () => noContent(),
  'POST channelBanners/insert': () => ok({ kind: 'youtube#channelBannerResource', etag: 'fake', url: `https://yt3.googleusercontent.com/fake-banner-${randomBytes(6).toString('hex')}` }),
};

/** Checks made when the session starts, before any byte is sent. */
function checkStart(target: string, context: FakeContext): string[] {
  requireUser(context);
  if (target === 'POST videos' || target.endsWith(' captions')) return requireParts(context);
  if (target === 'POST thumbnails/set' && !context.store.get('videos', context.query.get('videoId') ?? '')) {
    throw fail.notFound('videoNotFound', 'The video that you are trying to set a thumbnail for cannot be found.');
  }
  if (target === 'POST watermarks/set' && !context.query.get('channelId')) throw fail.required('channelId');
  return [];
}

/** The resumable upload protocol: session start (`uploadType=resumable`), then ranged PUTs. */
export class UploadSessions {
  readonly #sessions = new Map<string, Session>();

  /** Starts a session; answers 200 with the session URI in `Location`. */
  start(method: string, path: string, context: FakeContext, requestURL: URL, headers: Record<string, string>): FakeReply {
    const target = `${method} ${path}`;
    if (!finishers[target]) throw fail.notFound('notFound', `The fake has no upload method ${target}`);
    if (context.query.get('uploadType') !== 'resumable') throw fail.badRequest('The fake YouTube API supports only uploadType=resumable', 'invalidUploadType');
    const parts = checkStart(target, context);
    const id = randomBytes(18).toString('base64url');
    const declared = headers['x-upload-content-length'];
    this.#sessions.set(id, { target, context, parts, received: [], receivedBytes: 0, ...(declared ? { declaredSize: Number(declared) } : {}) });
    const location = new URL(requestURL);
    location.searchParams.set('upload_id', id);
    return { status: 200, headers: { location: location.toString() } };
  }

  /** Takes one chunk (or a status query) of a session. */
  put(uploadId: string, contentRange: string | undefined, bytes: Buffer): FakeReply {
    const session = this.#sessions.get(uploadId);
    if (!session) throw fail.notFound('notFound', 'The upload session does not exist or has finished.');
    const range = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(contentRange ?? '');
    if (!range) throw fail.badRequest('Content-Range must be "bytes a-b/total" or "bytes */total"', 'invalidContentRange');
    const total = range[3] === '*' ? undefined : Number(range[3]);
    if (range[1] !== undefined) {
      const start = Number(range[1]);
      const end = Number(range[2]);
      if (end - start + 1 !== bytes.byteLength) throw fail.badRequest('Content-Range does not match the body size', 'invalidContentRange');
      if (start === session.receivedBytes) {
        session.received.push(bytes);
        session.receivedBytes += bytes.byteLength;
      } else if (start > session.receivedBytes || end >= session.receivedBytes) {
        // A gap, or an overlap that brings new bytes: keep only what follows on.
        if (start > session.receivedBytes) return this.#incomplete(session);
        const fresh = bytes.subarray(session.receivedBytes - start);
        session.received.push(fresh);
        session.receivedBytes += fresh.byteLength;
      }
    }
    if (total !== undefined && session.receivedBytes >= total) {
      this.#sessions.delete(uploadId);
      return finishers[session.target]!(session);
    }
    return this.#incomplete(session);
  }

  #incomplete(session: Session): FakeReply {
    return { status: 308, headers: session.receivedBytes > 0 ? { range: `bytes=0-${session.receivedBytes - 1}` } : {} };
  }
}

import { createHash, randomBytes, type Hash } from 'node:crypto';
import { noContent, ok, requireUser, type FakeContext, type FakeReply } from './context.js';
import { thumbnails, video } from './dataset.js';
import { FakeApiError, fail, googleErrorBody } from './google-error.js';
import { createPlaylistImage } from './extras.js';
import { requireParts } from './paging.js';
import { at, withParts, type Item } from './store.js';
import type { FakeFinishedUpload, FakeUploadHook } from './types.js';

/** One resumable upload session. */
interface Session {
  target: string;
  context: FakeContext;
  parts: string[];
  /** The bytes held, when the fake keeps them (`keepUploadBytes`). */
  received: Buffer[];
  /** A running digest instead, when it does not. */
  hash?: Hash;
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
  'POST thumbnails/set': ({ context }) =>
    ok({ kind: 'youtube#thumbnailSetResponse', etag: 'fake', items: [thumbnails(`https://i.ytimg.com/vi/${context.query.get('videoId')}/custom`)] }),
  'POST captions': ({ context, parts }) => {
    const snippet = (at(context.body, 'snippet') ?? {}) as Record<string, unknown>;
    const item: Item = {
      kind: 'youtube#caption',
      id: context.store.newId('CAP', 30),
      snippet: { trackKind: 'standard', status: 'serving', lastUpdated: new Date().toISOString(), ...snippet },
    };
    return ok(withParts(context.store.put('captions', item), parts));
  },
  'PUT captions': ({ context, parts }) => {
    const id = String(at(context.body, 'id') ?? '');
    const existing = context.store.get('captions', id);
    if (!existing) throw fail.notFound('captionNotFound', 'The caption track could not be found.');
    return ok(
      withParts(context.store.put('captions', { ...existing, snippet: { ...(existing['snippet'] as object), lastUpdated: new Date().toISOString() } }), parts),
    );
  },
  'POST watermarks/set': () => noContent(),
  'POST playlistImages': ({ context, parts }) => {
    const item = createPlaylistImage(context, (context.body ?? {}) as Record<string, unknown>);
    return ok(withParts(context.store.put('playlistImages', item), parts.length ? parts : ['id', 'snippet']));
  },
  'PUT playlistImages': ({ context, parts }) => {
    const id = String(at(context.body, 'id') ?? '');
    const existing = context.store.get('playlistImages', id);
    if (!existing) throw fail.notFound('playlistImageNotFound', 'The playlist image cannot be found.');
    return ok(
      withParts(
        context.store.put('playlistImages', {
          ...existing,
          snippet: { ...(existing['snippet'] as object), ...(at(context.body, 'snippet') as object | undefined) },
        }),
        parts.length ? parts : ['id', 'snippet'],
      ),
    );
  },
  'POST channelBanners/insert': () =>
    ok({ kind: 'youtube#channelBannerResource', etag: 'fake', url: `https://yt3.googleusercontent.com/fake-banner-${randomBytes(6).toString('hex')}` }),
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
  /** The final answer of finished sessions: Google repeats it to a status query. */
  readonly #done = new Map<string, FakeReply>();
  /** Every finished upload, in order. */
  readonly finished: FakeFinishedUpload[] = [];
  hook: FakeUploadHook | undefined;

  /** @param keepBytes keep the uploaded bytes (default) or only their SHA-256 (large uploads) */
  constructor(private readonly keepBytes = true) {}

  /** Starts a session; answers 200 with the session URI in `Location`. */
  start(method: string, path: string, context: FakeContext, requestURL: URL, headers: Record<string, string>): FakeReply {
    const target = `${method} ${path}`;
    if (!finishers[target]) throw fail.notFound('notFound', `The fake has no upload method ${target}`);
    if (context.query.get('uploadType') !== 'resumable') throw fail.badRequest('The fake YouTube API supports only uploadType=resumable', 'invalidUploadType');
    const parts = checkStart(target, context);
    const id = randomBytes(18).toString('base64url');
    const declared = headers['x-upload-content-length'];
    this.#sessions.set(id, {
      target,
      context,
      parts,
      received: [],
      receivedBytes: 0,
      ...(this.keepBytes ? {} : { hash: createHash('sha256') }),
      ...(declared ? { declaredSize: Number(declared) } : {}),
    });
    const location = new URL(requestURL);
    location.searchParams.set('upload_id', id);
    return { status: 200, headers: { location: location.toString() } };
  }

  /** Takes one chunk (or a status query) of a session, after the test's hook had its say. */
  put(uploadId: string, contentRange: string | undefined, bytes: Buffer): FakeReply {
    const session = this.#sessions.get(uploadId);
    const fault = session ? this.hook?.({ uploadId, held: session.receivedBytes, contentRange: contentRange ?? '', bytes: bytes.byteLength }) : undefined;
    if (session && fault?.keep !== undefined) this.#truncate(session, fault.keep);
    if (fault?.expire) {
      this.#sessions.delete(uploadId);
      this.#done.delete(uploadId);
    }
    if (fault?.fail) return errorReply(fault.fail.status, fault.fail.reason);
    const answer = this.#handle(uploadId, contentRange, bytes);
    return fault?.failAfterHandling ? errorReply(fault.failAfterHandling.status, fault.failAfterHandling.reason) : answer;
  }

  #handle(uploadId: string, contentRange: string | undefined, bytes: Buffer): FakeReply {
    const session = this.#sessions.get(uploadId);
    const finished = this.#done.get(uploadId);
    if (!session && finished) return finished;
    if (!session) throw fail.notFound('notFound', 'The upload session does not exist or has expired.');
    const range = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)$/.exec(contentRange ?? '');
    if (!range) throw fail.badRequest('Content-Range must be "bytes a-b/total" or "bytes */total"', 'invalidContentRange');
    const total = range[3] === '*' ? undefined : Number(range[3]);
    if (range[1] !== undefined) {
      const start = Number(range[1]);
      const end = Number(range[2]);
      if (end - start + 1 !== bytes.byteLength) throw fail.badRequest('Content-Range does not match the body size', 'invalidContentRange');
      // A gap is refused (308 with what is held); an overlap keeps only the bytes that follow on.
      if (start <= session.receivedBytes && end >= session.receivedBytes) this.#append(session, bytes.subarray(session.receivedBytes - start));
    }
    if (total !== undefined && session.receivedBytes >= total) {
      this.#sessions.delete(uploadId);
      const reply = finishers[session.target]!(session);
      this.#done.set(uploadId, reply);
      const digest = session.hash ? session.hash.digest('hex') : createHash('sha256').update(Buffer.concat(session.received)).digest('hex');
      const resourceId = at(reply.body, 'id');
      this.finished.push({
        target: session.target,
        size: session.receivedBytes,
        sha256: digest,
        ...(typeof resourceId === 'string' ? { resourceId } : {}),
        ...(session.hash ? {} : { bytes: Buffer.concat(session.received) }),
      });
      return reply;
    }
    return this.#incomplete(session);
  }

  #append(session: Session, bytes: Buffer): void {
    if (bytes.byteLength === 0) return;
    if (session.hash) session.hash.update(bytes);
    else session.received.push(Buffer.from(bytes));
    session.receivedBytes += bytes.byteLength;
  }

  /** The server "loses" every byte from `keep` on. */
  #truncate(session: Session, keep: number): void {
    if (keep >= session.receivedBytes) return;
    if (session.hash) throw new RangeError('The fake cannot lose upload bytes it does not keep (keepUploadBytes: false)');
    const held = Buffer.concat(session.received).subarray(0, Math.max(0, keep));
    session.received = [held];
    session.receivedBytes = held.byteLength;
  }

  #incomplete(session: Session): FakeReply {
    return { status: 308, headers: session.receivedBytes > 0 ? { range: `bytes=0-${session.receivedBytes - 1}` } : {} };
  }
}

function errorReply(status: number, reason: string | undefined): FakeReply {
  const error = new FakeApiError(status, reason ?? (status === 404 ? 'notFound' : 'backendError'));
  return { status: error.status, body: googleErrorBody(error), headers: error.headers };
}

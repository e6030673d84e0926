import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeYouTube, type FakeUploadFault, type FakeYouTube } from '@oauthflow/testing';
import { UploadResumeError, YouTube, YouTubeAPIError, type MediaUpload } from '@oauthflow/youtube';

const CHUNK = 256 * 1024;
let fake: FakeYouTube;
let dir: string;

beforeAll(async () => {
  fake = await startFakeYouTube();
  dir = await mkdtemp(join(tmpdir(), 'oauthflow-upload-'));
});
afterAll(async () => {
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.onUploadRequest(undefined);
});

function client(retries = 3): YouTube {
  return new YouTube({
    accessToken: 'test-token',
    baseURL: fake.baseURL,
    uploadBaseURL: fake.uploadBaseURL,
    uploadChunkSize: CHUNK,
    retry: { retries, minDelayMs: 0, maxDelayMs: 1 },
  });
}

async function fileOf(bytes: Buffer): Promise<string> {
  const path = join(dir, `${randomBytes(6).toString('hex')}.bin`);
  await writeFile(path, bytes);
  return path;
}

const contentRanges = (from: number) =>
  fake.requests
    .slice(from)
    .filter((request) => request.method === 'PUT')
    .map((request) => request.headers['content-range']);

/** The bytes the fake received for the resource `id`. */
function received(id: string | undefined): Buffer | undefined {
  return fake.uploads().find((upload) => upload.resourceId === id)?.bytes;
}

describe('resuming after failures', () => {
  it("resends from the offset the server reports, even before the failed chunk's start", async () => {
    const bytes = randomBytes(3 * CHUNK + 500);
    let puts = 0;
    // Chunk 2 fails; the status query then finds that the server lost everything past 131072.
    fake.onUploadRequest(({ held }): FakeUploadFault | undefined => {
      puts += 1;
      if (puts === 2) return { fail: { status: 503 } };
      if (puts === 3) return { keep: Math.min(held, 131_072) };
      return undefined;
    });
    const before = fake.requests.length;
    const { data } = await client().videos.insert({ part: ['snippet'], requestBody: { snippet: { title: 'lossy' } }, media: { path: await fileOf(bytes) } });
    const total = bytes.length;
    expect(contentRanges(before)).toEqual([
      `bytes 0-${CHUNK - 1}/${total}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${total}`,
      `bytes */${total}`,
      `bytes 131072-${131_072 + CHUNK - 1}/${total}`,
      `bytes ${131_072 + CHUNK}-${131_072 + 2 * CHUNK - 1}/${total}`,
      `bytes ${131_072 + 2 * CHUNK}-${total - 1}/${total}`,
    ]);
    expect(received(data.id)?.equals(bytes)).toBe(true);
  });

  it('a 308 that confirms less than was sent (no failure at all) also resends from there', async () => {
    const bytes = randomBytes(2 * CHUNK);
    let puts = 0;
    fake.onUploadRequest(() => (++puts === 2 ? { failAfterHandling: undefined, keep: 1000 } : undefined));
    const { data } = await client().videos.insert({ part: ['snippet'], media: { body: bytes } });
    expect(received(data.id)?.equals(bytes)).toBe(true);
  });

  it('an answer lost after the server took the bytes: asks, then goes on from what it holds', async () => {
    const bytes = randomBytes(2 * CHUNK + 10);
    let puts = 0;
    fake.onUploadRequest(() => (++puts === 1 ? { failAfterHandling: { status: 503 } } : undefined));
    const before = fake.requests.length;
    const { data } = await client().videos.insert({ part: ['snippet'], media: { path: await fileOf(bytes) } });
    expect(contentRanges(before).slice(0, 3)).toEqual([
      `bytes 0-${CHUNK - 1}/${bytes.length}`,
      `bytes */${bytes.length}`,
      `bytes ${CHUNK}-${2 * CHUNK - 1}/${bytes.length}`,
    ]);
    expect(received(data.id)?.equals(bytes)).toBe(true);
  });

  it('restarts an expired session (404) from byte 0 and reports the new session URI', async () => {
    const bytes = randomBytes(2 * CHUNK + 1);
    let puts = 0;
    fake.onUploadRequest(() => (++puts === 2 ? { expire: true } : undefined));
    const sessions: string[] = [];
    const before = fake.requests.length;
    const { data } = await client().videos.insert(
      { part: ['snippet'], media: { path: await fileOf(bytes) } },
      { onUploadSession: (uri) => sessions.push(uri) },
    );
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).not.toBe(sessions[1]);
    expect(fake.requests.slice(before).filter((request) => request.method === 'POST')).toHaveLength(2);
    expect(received(data.id)?.equals(bytes)).toBe(true);
  });

  it('retries the session-start POST on 503, charging only the attempts that reached the server', async () => {
    const yt = client();
    fake.failNext({ status: 503, method: 'POST', path: '/upload/', times: 2 });
    const bytes = randomBytes(1000);
    const { data } = await yt.videos.insert({ part: ['snippet'], media: { body: bytes } });
    expect(received(data.id)?.equals(bytes)).toBe(true);
    expect(yt.quota.usedIn('videos.insert')).toBe(3);
  });

  it("gives up after `retries` expired sessions with the server's 404", async () => {
    fake.onUploadRequest(() => ({ expire: true }));
    const error = await client(2)
      .videos.insert({ part: ['snippet'], media: { body: randomBytes(10) } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(YouTubeAPIError);
    expect(error).toMatchObject({ status: 404 });
    // The session URI addresses the upload: it never shows in a message.
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('upload_id');
  });

  it('a stream cannot go back before what the server confirmed: a clear UploadResumeError, nothing finished', async () => {
    const bytes = randomBytes(3 * CHUNK);
    let puts = 0;
    fake.onUploadRequest(() => (++puts === 3 ? { keep: 10 } : undefined));
    const finished = fake.uploads().length;
    const error = await client()
      .videos.insert({ part: ['snippet'], media: { body: Readable.from([bytes]) } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UploadResumeError);
    expect((error as Error).message).toMatch(/cannot go back before byte 524288/);
    expect(fake.uploads()).toHaveLength(finished);
  });
});

describe('resuming in another process', () => {
  it('a session URI handed over finishes the same upload, with the right bytes', async () => {
    const bytes = randomBytes(3 * CHUNK + 77);
    const path = await fileOf(bytes);
    let session = '';
    const stop = new AbortController();
    let puts = 0;
    // The first process dies after its second chunk was taken.
    fake.onUploadRequest(() => {
      if (++puts === 2) stop.abort();
      return undefined;
    });
    const first = await client()
      .videos.insert(
        { part: ['snippet'], requestBody: { snippet: { title: 'handed over' } }, media: { path } },
        {
          onUploadSession: (uri) => {
            session = uri;
          },
          signal: stop.signal,
        },
      )
      .catch((caught: unknown) => caught);
    expect(first).toBeInstanceOf(Error);
    expect(session).toContain('upload_id=');
    fake.onUploadRequest(undefined);
    const other = client();
    const before = fake.requests.length;
    const { data } = await other.videos.insert({ part: ['snippet'], media: { path } }, { uploadSession: session });
    expect(fake.requests.slice(before).some((request) => request.method === 'POST')).toBe(false);
    expect(contentRanges(before)[0]).toBe(`bytes */${bytes.length}`);
    expect(data).toMatchObject({ snippet: { title: 'handed over' } });
    expect(received(data.id)?.equals(bytes)).toBe(true);
    expect(other.quota.usedIn('videos.insert')).toBe(0);
  });
});

describe('property: the bytes received always equal the media', () => {
  const fault = fc.oneof(
    { weight: 4, arbitrary: fc.constant<FakeUploadFault | undefined>(undefined) },
    { weight: 2, arbitrary: fc.constantFrom<FakeUploadFault>({ fail: { status: 503 } }, { fail: { status: 500 } }, { failAfterHandling: { status: 503 } }) },
    { weight: 2, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((fraction) => ({ keepFraction: fraction })) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((fraction) => ({ keepFraction: fraction, fail: { status: 503 } })) },
    { weight: 1, arbitrary: fc.constant<FakeUploadFault>({ expire: true }) },
  );
  type PlannedFault = FakeUploadFault | { keepFraction: number; fail?: { status: number } } | undefined;

  it('random sizes, failure points, reported ranges and data loss: every finished upload is byte-exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 * CHUNK + 3000 }),
        fc.array(fault, { maxLength: 14 }),
        fc.constantFrom('path', 'bytes', 'stream'),
        fc.integer({ min: 0, max: 2 }),
        async (size, plan: PlannedFault[], kind, startFailures) => {
          const bytes = randomBytes(size);
          const media: MediaUpload =
            kind === 'path' ? { path: await fileOf(bytes) } : kind === 'bytes' ? { body: bytes } : { body: Readable.from(pieces(bytes)) };
          let expiries = 0;
          const queue = [...plan];
          fake.onUploadRequest(({ held }) => {
            const next = queue.shift();
            if (next === undefined) return undefined;
            if ('expire' in next && next.expire) return ++expiries <= 3 ? next : undefined;
            if ('keepFraction' in next) return { keep: Math.floor(next.keepFraction * held), ...(next.fail ? { fail: next.fail } : {}) };
            return next;
          });
          if (startFailures > 0) fake.failNext({ status: 503, method: 'POST', path: '/upload/', times: startFailures });
          const finished = fake.uploads().length;
          try {
            const { data } = await client(8).videos.insert({ part: ['snippet'], media });
            expect(received(data.id)?.equals(bytes)).toBe(true);
          } catch (error) {
            // Only a stream may refuse (it cannot re-read confirmed bytes); never a wrong finish.
            expect(kind).toBe('stream');
            expect(error).toBeInstanceOf(UploadResumeError);
            expect(fake.uploads()).toHaveLength(finished);
          } finally {
            fake.onUploadRequest(undefined);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('large files', () => {
  it('streams a file from disk in bounded memory (positional reads, one chunk at a time)', async () => {
    const big = await startFakeYouTube({ keepUploadBytes: false });
    try {
      const chunk = 1024 * 1024;
      const size = 24 * chunk + 12_345;
      const path = join(dir, 'large.bin');
      const hash = createHash('sha256');
      await writeFile(
        path,
        Readable.from(
          (function* () {
            for (let offset = 0; offset < size; offset += chunk) {
              const piece = randomBytes(Math.min(chunk, size - offset));
              hash.update(piece);
              yield piece;
            }
          })(),
        ),
      );
      const digest = hash.digest('hex');
      const yt = new YouTube({
        accessToken: 'test-token',
        baseURL: big.baseURL,
        uploadBaseURL: big.uploadBaseURL,
        uploadChunkSize: chunk,
        retry: { minDelayMs: 0, maxDelayMs: 1 },
      });
      // Live memory after a full collection: RSS also counts chunks already dropped but not yet
      // collected, which depends on when the GC runs, not on what the upload holds.
      const live = () => {
        collectGarbage();
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        return heapUsed + arrayBuffers;
      };
      const baseline = live();
      let peak = baseline;
      await yt.videos.insert(
        { part: ['snippet'], media: { path } },
        {
          onUploadProgress: () => {
            peak = Math.max(peak, live());
          },
        },
      );
      expect(big.uploads()[0]).toMatchObject({ size, sha256: digest });
      // A 24 MiB file through 1 MiB chunks: the process must not grow by anything near the file.
      expect(peak - baseline).toBeLessThan(size / 2);
      // The same file read as a stream is resumed from a window, not from a copy of the whole file.
      const streamed = await yt.videos.insert({ part: ['snippet'], media: { body: createReadStream(path), size } });
      expect(big.uploads().find((upload) => upload.resourceId === streamed.data.id)).toMatchObject({ size, sha256: digest });
    } finally {
      await big.close();
    }
  });
});

/** A full garbage collection, without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** The bytes cut in uneven pieces, as a stream delivers them. */
function* pieces(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; ) {
    const length = 1 + ((offset * 7919) % 100_000);
    yield bytes.subarray(offset, offset + length);
    offset += length;
  }
}

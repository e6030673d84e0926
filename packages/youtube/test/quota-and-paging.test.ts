import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '@oauthflow/core';
import { startFakeYouTube, type FakeYouTube } from '@oauthflow/testing';
import {
  DEFAULT_QUOTA_LIMITS,
  pacificDay,
  QuotaLimitError,
  QuotaMeter,
  RepeatedPageTokenError,
  YouTube,
  YouTubeAPIError,
  type QuotaSnapshot,
} from '@oauthflow/youtube';

let fake: FakeYouTube;
beforeAll(async () => {
  fake = await startFakeYouTube();
});
afterAll(async () => {
  await fake?.close();
});

const client = (options: ConstructorParameters<typeof YouTube>[0] = {}) =>
  new YouTube({ accessToken: 'test-token', baseURL: fake.baseURL, uploadBaseURL: fake.uploadBaseURL, retry: { minDelayMs: 0, maxDelayMs: 50 }, ...options });

describe('quota buckets (search.list and videos.insert apart from the shared units)', () => {
  it("Google's defaults: 100 searches do not touch the 10,000 shared units", async () => {
    expect(DEFAULT_QUOTA_LIMITS).toEqual({ units: 10_000, 'search.list': 100, 'videos.insert': 100 });
    const meter = new QuotaMeter({ limits: DEFAULT_QUOTA_LIMITS, used: 9_999 });
    for (let i = 0; i < 100; i += 1) meter.charge('search.list', 1);
    expect(() => meter.charge('search.list', 1)).toThrow(QuotaLimitError);
    meter.charge('videos.list', 1);
    expect(meter.used).toBe(10_000);
    expect(meter.remainingIn('search.list')).toBe(0);
    expect(meter.remainingIn('videos.insert')).toBe(100);
    expect(() => meter.charge('playlists.insert', 50)).toThrow(/costs 50 quota units; 10000 of today's limit of 10000/);
  });

  it('charges only requests that reached the server: an HTTP error counts, a refused connection does not', async () => {
    const yt = client({ retry: { retries: 1, minDelayMs: 0, maxDelayMs: 1 } });
    fake.failNext({ status: 500, path: '/videos', times: 2 });
    await expect(yt.videos.list({ part: ['id'], id: 'fakeVideo01' })).rejects.toBeInstanceOf(YouTubeAPIError);
    expect(yt.quota.byMethod()).toEqual({ 'videos.list': 2 });
    const dead = new YouTube({
      accessToken: 'test-token',
      baseURL: 'http://127.0.0.1:9/youtube/v3',
      retry: { retries: 2, minDelayMs: 0, maxDelayMs: 1 },
      quotaMeter: yt.quota,
    });
    await expect(dead.search.list({ part: ['snippet'], q: 'x' })).rejects.toBeInstanceOf(NetworkError);
    expect(yt.quota.usedIn('search.list')).toBe(0);
  });

  it('counts requests in flight against the limit, so concurrent calls cannot overshoot it', async () => {
    const yt = client({ quotaLimits: { 'search.list': 2 } });
    const before = fake.requests.length;
    const results = await Promise.allSettled([1, 2, 3].map(() => yt.search.list({ part: ['snippet'], q: 'cats' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: expect.any(QuotaLimitError) });
    expect(fake.requests.length - before).toBe(2);
  });

  it("a snapshot persists and restores today's counts; the day turns at midnight Pacific time (DST included)", () => {
    let now = new Date('2026-03-08T07:59:00Z'); // 23:59 PST on March 7
    const meter = new QuotaMeter({ limits: { 'search.list': 3 }, now: () => now });
    meter.charge('search.list', 1);
    meter.charge('channels.list', 1);
    const saved: QuotaSnapshot = JSON.parse(JSON.stringify(meter.snapshot())) as QuotaSnapshot;
    expect(saved).toEqual({ day: '2026-03-07', used: { units: 1, 'search.list': 1, 'videos.insert': 0 }, byMethod: { 'search.list': 1, 'channels.list': 1 } });

    const other = new QuotaMeter({ limits: { 'search.list': 3 }, now: () => now, snapshot: saved });
    expect(other.usedIn('search.list')).toBe(1);
    other.charge('search.list', 1);
    other.charge('search.list', 1);
    expect(() => other.charge('search.list', 1)).toThrow(QuotaLimitError);

    now = new Date('2026-03-08T08:00:00Z'); // midnight PST: Google resets
    expect(other.usedIn('search.list')).toBe(0);
    expect(other.snapshot().day).toBe('2026-03-08');
    expect(new QuotaMeter({ now: () => now, snapshot: saved }).used).toBe(0); // yesterday's snapshot counts as empty

    // Summer time: midnight Pacific is 07:00 UTC.
    expect(pacificDay(new Date('2026-03-09T06:59:59Z'))).toBe('2026-03-08');
    expect(pacificDay(new Date('2026-03-09T07:00:00Z'))).toBe('2026-03-09');
    expect(() => new QuotaMeter({ snapshot: { day: 'today' } as unknown as QuotaSnapshot })).toThrow(/not a quota snapshot/);
  });
});

describe('paging', () => {
  it('listPages yields each page with its tokens', async () => {
    const yt = client();
    const pages = [];
    for await (const page of yt.playlists.listPages({ part: ['id'], mine: true, maxResults: 3 })) pages.push(page);
    expect(pages.map((page) => page.data.items?.length)).toEqual([3, 3, 1]);
    expect(pages[0]?.status).toBe(200);
    expect(pages.at(-1)?.data.nextPageToken).toBeUndefined();
    const first = [];
    for await (const page of yt.playlists.listPages({ part: ['id'], mine: true, maxResults: 3 }, { maxPages: 1 })) first.push(page);
    expect(first).toHaveLength(1);
  });

  it('listAll stops with a typed error when the server repeats a nextPageToken', async () => {
    const looping = await serve((_url) => ({ kind: 'youtube#playlistListResponse', nextPageToken: 'SAME', items: [{ id: 'p' }] }));
    try {
      const yt = new YouTube({ accessToken: 't', baseURL: looping.url, retry: false });
      const seen: unknown[] = [];
      const error = await (async () => {
        for await (const item of yt.playlists.listAll({ part: ['id'], mine: true })) seen.push(item);
      })().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RepeatedPageTokenError);
      expect(error).toMatchObject({ method: 'playlists.list', pages: 2, code: 'ERR_OAUTHFLOW_INVALID_RESPONSE' });
      expect(seen).toHaveLength(2);
      expect(looping.requests).toEqual(['/playlists?part=id&mine=true', '/playlists?part=id&mine=true&pageToken=SAME']);
    } finally {
      await looping.close();
    }
  });
});

describe('retries', () => {
  it('a Retry-After longer than maxDelayMs is not cut short: the call fails at once, saying so', async () => {
    const yt = client({ retry: { retries: 3, minDelayMs: 0, maxDelayMs: 1_000 } });
    fake.failNext({ status: 429, retryAfter: 120 });
    const before = fake.requests.length;
    const error = await yt.videos.list({ part: ['id'], id: 'fakeVideo01' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(YouTubeAPIError);
    expect(error).toMatchObject({ status: 429, retryAfter: 120 });
    expect((error as Error).message).toMatch(/asked to wait 120 s .* longer than retry\.maxDelayMs = 1000 ms: not retried/);
    expect(fake.requests.length - before).toBe(1);
  });

  it('a Retry-After within maxDelayMs is waited in full', async () => {
    const yt = client({ retry: { retries: 1, minDelayMs: 0, maxDelayMs: 2_000 } });
    fake.failNext({ status: 503, retryAfter: 1 });
    const started = Date.now();
    await yt.videos.list({ part: ['id'], id: 'fakeVideo01' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('state-setting POSTs are retried; POSTs without a body send no Content-Type', async () => {
    const yt = client();
    fake.failNext({ status: 503, path: 'comments/setModerationStatus' });
    const before = fake.requests.length;
    await yt.comments.setModerationStatus({ id: 'UgFakeComment002', moderationStatus: 'published' });
    await yt.videos.rate({ id: 'fakeVideo01', rating: 'like' });
    const sent = fake.requests.slice(before);
    expect(sent.map((request) => request.path)).toEqual([
      '/youtube/v3/comments/setModerationStatus',
      '/youtube/v3/comments/setModerationStatus',
      '/youtube/v3/videos/rate',
    ]);
    expect(sent.map((request) => request.headers['content-type'])).toEqual([undefined, undefined, undefined]);
    fake.failNext({ status: 503, path: '/playlists' });
    await expect(yt.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'once' } } })).rejects.toMatchObject({ status: 503 });
  });
});

/** A JSON server answering every GET with `body(url)`; records the request URLs. */
async function serve(body: (url: string) => unknown): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body(req.url ?? '')));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import { METHOD_TABLE, QUOTA_COSTS, QuotaMeter, YouTube, YouTubeAPIError, type UploadProgress } from '@oauthflow/youtube';
import { authorizedFlow, describeRequest, startLocalGoogle, type LocalGoogle } from './helpers.js';

let local: LocalGoogle;
let flow: OAuth2AuthorizationFlow;
let yt: YouTube;
const CHUNK = 256 * 1024;

beforeAll(async () => {
  local = await startLocalGoogle();
  flow = await authorizedFlow(local);
  yt = new YouTube({
    flow,
    baseURL: local.youtube.baseURL,
    uploadBaseURL: local.youtube.uploadBaseURL,
    uploadChunkSize: CHUNK,
    retry: { minDelayMs: 1, maxDelayMs: 10 },
  });
});
afterAll(async () => {
  await local?.close();
});

const sentSince = (index: number) => local.youtube.requests.slice(index);

describe('pagination', () => {
  it('listAll follows nextPageToken over every page', async () => {
    const before = local.youtube.requests.length;
    const ids: string[] = [];
    for await (const playlist of yt.playlists.listAll({ part: ['id'], mine: true, maxResults: 3 })) ids.push(playlist.id ?? '');
    expect(ids).toEqual(Array.from({ length: 7 }, (_, i) => `PLfakeMyPlaylist000${i + 1}`));
    const sent = sentSince(before);
    expect(sent).toHaveLength(3);
    expect(sent[1]?.query).toContainEqual(['pageToken', expect.any(String)]);
  });

  it('stops at the item limit, sizing pages to what is still wanted', async () => {
    const before = local.youtube.requests.length;
    const items = [];
    for await (const item of yt.playlistItems.listAll({ part: ['snippet'], playlistId: 'PLfakeMyPlaylist0001' }, { limit: 6 })) items.push(item);
    expect(items.map((item) => item.snippet?.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sentSince(before).map(describeRequest)).toEqual(['GET /youtube/v3/playlistItems?part=snippet&playlistId=PLfakeMyPlaylist0001&maxResults=6']);
    const limited = [];
    for await (const item of yt.playlists.listAll({ part: ['id'], mine: true, maxResults: 2 }, { limit: 3 })) limited.push(item);
    expect(limited).toHaveLength(3);
  });

  it('works for lists without pages too', async () => {
    const languages = [];
    for await (const language of yt.i18nLanguages.listAll({ part: ['snippet'] })) languages.push(language.snippet?.hl);
    expect(languages).toContain('en');
  });
});

describe('quota meter', () => {
  it('charges the documented cost per call, in one table', async () => {
    expect(QUOTA_COSTS.search.list).toBe(1);
    expect(QUOTA_COSTS.videos.insert).toBe(1);
    expect(QUOTA_COSTS.playlists.insert).toBe(50);
    for (const [resource, methods] of Object.entries(METHOD_TABLE)) {
      expect(Object.keys(QUOTA_COSTS[resource as keyof typeof QUOTA_COSTS]).sort()).toEqual(Object.keys(methods).sort());
    }
    const meter = new QuotaMeter();
    const metered = new YouTube({ flow, baseURL: local.youtube.baseURL, quotaMeter: meter });
    await metered.channels.list({ part: ['id'], mine: true });
    await metered.search.list({ part: ['snippet'], q: 'cats' });
    const created = await metered.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'Quota' } } });
    await metered.playlists.delete({ id: created.data.id ?? '' });
    expect(metered.quotaUsed).toBe(1 + 50 + 50);
    expect(meter.usedIn('search.list')).toBe(1);
    expect(meter.byMethod()).toEqual({ 'channels.list': 1, 'search.list': 1, 'playlists.insert': 50, 'playlists.delete': 50 });
    meter.reset();
    expect(metered.quotaUsed).toBe(0);
  });
});

describe('resumable uploads', () => {
  it('uploads a file path in 256 KiB chunks with progress events', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'oauthflow-upload-')), 'clip.mp4');
    const bytes = randomBytes(2 * CHUNK + 1234);
    await writeFile(path, bytes);
    const progress: UploadProgress[] = [];
    const before = local.youtube.requests.length;
    const quotaBefore = yt.quota.usedIn('videos.insert');
    const { data, status } = await yt.videos.insert(
      {
        part: ['snippet', 'status'],
        notifySubscribers: false,
        requestBody: { snippet: { title: 'My upload' }, status: { privacyStatus: 'unlisted' } },
        media: { path, mimeType: 'video/mp4' },
      },
      { onUploadProgress: (event) => progress.push(event) },
    );
    expect(status).toBe(200);
    expect(data).toMatchObject({ kind: 'youtube#video', snippet: { title: 'My upload' }, status: { privacyStatus: 'unlisted', uploadStatus: 'uploaded' } });
    expect(yt.quota.usedIn('videos.insert') - quotaBefore).toBe(1);
    const sent = sentSince(before);
    expect(sent.map((request) => `${request.method} ${request.headers['content-range'] ?? ''}`)).toEqual([
      'POST ',
      `PUT bytes 0-${CHUNK - 1}/${bytes.length}`,
      `PUT bytes ${CHUNK}-${2 * CHUNK - 1}/${bytes.length}`,
      `PUT bytes ${2 * CHUNK}-${bytes.length - 1}/${bytes.length}`,
    ]);
    expect(describeRequest(sent[0]!)).toBe('POST /upload/youtube/v3/videos?part=snippet&part=status&notifySubscribers=false&uploadType=resumable');
    expect(sent[0]).toMatchObject({
      body: { snippet: { title: 'My upload' } },
      headers: { 'x-upload-content-type': 'video/mp4', 'x-upload-content-length': String(bytes.length) },
    });
    expect(progress.map((event) => event.bytesSent)).toEqual([CHUNK, 2 * CHUNK, bytes.length]);
    expect(progress.every((event) => event.totalBytes === bytes.length)).toBe(true);
    expect(local.youtube.items('videos')).toContainEqual(expect.objectContaining({ id: data.id, fileDetails: { fileSize: String(bytes.length) } }));
  });

  it('uploads a stream of unknown length, and resumes after a failed chunk', async () => {
    const bytes = randomBytes(CHUNK + 99);
    local.youtube.failNext({ status: 503, method: 'PUT', path: '/upload/' });
    const before = local.youtube.requests.length;
    const { data } = await yt.videos.insert({
      part: ['id', 'snippet'],
      requestBody: { snippet: { title: 'Streamed' } },
      media: { body: Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]) },
    });
    expect(data).toMatchObject({ id: expect.any(String), snippet: { title: 'Streamed' } });
    expect(sentSince(before).map((request) => `${request.method} ${request.headers['content-range'] ?? ''}`)).toEqual([
      'POST ',
      `PUT bytes 0-${CHUNK - 1}/*`,
      'PUT bytes */*',
      `PUT bytes 0-${CHUNK - 1}/*`,
      `PUT bytes ${CHUNK}-${bytes.length - 1}/${bytes.length}`,
    ]);
    expect(local.youtube.items('videos')).toContainEqual(expect.objectContaining({ id: data.id, fileDetails: { fileSize: String(bytes.length) } }));
  });

  it('sets a thumbnail from bytes; checks media and chunk sizes', async () => {
    const { data } = await yt.thumbnails.set({ videoId: 'fakeVideo01', media: { body: Buffer.from('jpeg bytes'), mimeType: 'image/jpeg' } });
    expect(data.items?.[0]?.default?.url).toContain('fakeVideo01');
    await expect(yt.videos.insert({ part: ['snippet'], media: {} })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(yt.videos.insert({ part: ['snippet'], media: { body: 'x' } }, { chunkSize: 1000 })).rejects.toThrow(/multiple of 256 KiB/);
    await expect(yt.videos.insert({ part: ['snippet'], media: { path: '/nonexistent/file.mp4' } })).rejects.toThrow(/cannot read the media file/);
    const missing = await yt.thumbnails.set({ videoId: 'nope', media: { body: 'x' } }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(YouTubeAPIError);
    expect(missing).toMatchObject({ status: 404, reason: 'videoNotFound' });
  });
});

describe('other methods and modes', () => {
  it('special methods: comments.setModerationStatus, captions.download, videos.reportAbuse', async () => {
    await expect(yt.comments.setModerationStatus({ id: ['UgFakeComment002'], moderationStatus: 'heldForReview' })).resolves.toMatchObject({ status: 204 });
    const { data: comments } = await yt.comments.list({ part: ['snippet'], id: ['UgFakeComment002'] });
    expect(comments.items?.[0]?.snippet?.moderationStatus).toBe('heldForReview');
    const caption = await yt.captions.download({ id: 'CAPfake0001' });
    expect(caption.data).toMatch(/^WEBVTT/);
    expect(describeRequest(local.youtube.requests.at(-1)!)).toBe('GET /youtube/v3/captions/CAPfake0001?');
    await expect(yt.videos.reportAbuse({ requestBody: { videoId: 'fakeVideo04', reasonId: 'Y' } })).resolves.toMatchObject({ status: 204 });
  });

  it('an API key reads public data without a token; personal data needs one', async () => {
    const keyed = new YouTube({ apiKey: 'AIzaSy-test-key-000000', baseURL: local.youtube.baseURL });
    const { data } = await keyed.videos.list({ part: ['snippet'], id: 'fakeVideo05' });
    expect(data.items?.[0]?.snippet?.title).toBe('Black holes');
    const request = local.youtube.requests.at(-1)!;
    expect(request.headers['authorization']).toBeUndefined();
    expect(request.query).toContainEqual(['key', 'AIzaSy-test-key-000000']);
    await expect(keyed.playlists.list({ part: ['id'], mine: true })).rejects.toMatchObject({ status: 401 });
  });

  it('refuses ambiguous or missing authorization', () => {
    expect(() => new YouTube({})).toThrow(ConfigurationError);
    expect(() => new YouTube({ flow, accessToken: 'x' })).toThrow(/one of/);
  });
});

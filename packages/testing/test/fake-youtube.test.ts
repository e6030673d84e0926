import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, startFakeYouTube } from '../src/index.js';
import type { AuthorizationServer, FakeYouTube } from '../src/index.js';

// The fake YouTube Data API on its own, spoken to with plain fetch.

const YOUTUBE = 'https://www.googleapis.com/auth/youtube';
const PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';
let server: AuthorizationServer;
let fake: FakeYouTube;
let token: string;

/** A code flow with the public client (PKCE), straight over HTTP. */
async function accessToken(scope: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(server.endpoints.authorization);
  const redirectUri = 'http://127.0.0.1:5555/callback';
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: server.clients.public.client_id,
    redirect_uri: redirectUri,
    scope,
    state: 's',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const code = new URL(await server.authorize(url.toString())).searchParams.get('code') ?? '';
  const response = await fetch(server.endpoints.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: server.clients.public.client_id,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function call(path: string, init: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path.startsWith('http') ? path : `${fake.baseURL}/${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: (text.startsWith('{') ? JSON.parse(text) : text) as Record<string, any> };
}

beforeAll(async () => {
  server = await startAuthorizationServer({ scopes: [YOUTUBE, PROFILE] });
  fake = await startFakeYouTube({ authorizationServer: server });
  token = await accessToken(`${YOUTUBE} ${PROFILE}`);
});
afterAll(async () => {
  await fake?.close();
  await server?.close();
});

describe('startFakeYouTube', () => {
  it('checks bearer tokens by introspection at the authorization server', async () => {
    const introspections = server.stats().introspection;
    expect((await call('channels?part=snippet&mine=true', { token })).json.items[0]).toMatchObject({ id: fake.myChannelId, kind: 'youtube#channel' });
    expect(server.stats().introspection).toBe(introspections + 1);
    const bad = await call('channels?part=snippet&mine=true', { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(bad.json.error).toMatchObject({ code: 401, errors: [{ reason: 'authError', domain: 'global' }], status: 'UNAUTHENTICATED' });
    expect((await call('channels?part=snippet&mine=true')).status).toBe(401);
  });

  it('needs a YouTube scope (403 insufficientPermissions), and releases the profile with userinfo.profile', async () => {
    const narrow = await accessToken('openid');
    const denied = await call('playlists?part=id&mine=true', { token: narrow });
    expect(denied.status).toBe(403);
    expect(denied.json.error.errors[0].reason).toBe('insufficientPermissions');
    expect((await call(fake.userinfoURL, { token: narrow })).json).toEqual({ sub: 'test-user' });
    expect((await call(fake.userinfoURL, { token })).json).toMatchObject({ sub: 'test-user', name: 'Test User', given_name: 'Test', family_name: 'User' });
  });

  it('paginates with opaque page tokens and answers only the requested parts', async () => {
    const first = await call('playlists?part=snippet&mine=true&maxResults=4', { token });
    expect(first.json).toMatchObject({ kind: 'youtube#playlistListResponse', pageInfo: { totalResults: 7, resultsPerPage: 4 } });
    expect(first.json.items).toHaveLength(4);
    expect(Object.keys(first.json.items[0]).sort()).toEqual(['etag', 'id', 'kind', 'snippet']);
    const second = await call(`playlists?part=id&mine=true&maxResults=4&pageToken=${first.json.nextPageToken}`, { token });
    expect(second.json.items.map((item: { id: string }) => item.id)).toEqual(['PLfakeMyPlaylist0005', 'PLfakeMyPlaylist0006', 'PLfakeMyPlaylist0007']);
    expect(second.json.nextPageToken).toBeUndefined();
    expect(second.json.prevPageToken).toBeTruthy();
    expect((await call('playlists?part=id&mine=true&pageToken=garbage', { token })).json.error.errors[0].reason).toBe('invalidPageToken');
    expect((await call('playlists?mine=true', { token })).json.error.errors[0]).toMatchObject({ reason: 'required', message: 'Required parameter: part' });
    expect((await call('playlists?part=id', { token })).json.error.errors[0].reason).toBe('missingRequiredParameter');
  });

  it("inserts, updates and deletes, with YouTube's checks", async () => {
    const created = await call('playlists?part=snippet,status', {
      token,
      method: 'POST',
      body: { snippet: { title: 'New list' }, status: { privacyStatus: 'private' } },
    });
    expect(created.json).toMatchObject({
      kind: 'youtube#playlist',
      snippet: { title: 'New list', channelId: fake.myChannelId },
      status: { privacyStatus: 'private' },
    });
    const id = created.json.id as string;
    const item = await call('playlistItems?part=snippet', {
      token,
      method: 'POST',
      body: { snippet: { playlistId: id, resourceId: { kind: 'youtube#video', videoId: 'fakeVideo02' } } },
    });
    expect(item.json.snippet).toMatchObject({ playlistId: id, position: 0, resourceId: { videoId: 'fakeVideo02' } });
    const missingVideo = await call('playlistItems?part=snippet', {
      token,
      method: 'POST',
      body: { snippet: { playlistId: id, resourceId: { videoId: 'nope' } } },
    });
    expect(missingVideo.json.error.errors[0].reason).toBe('videoNotFound');
    const updated = await call('playlists?part=snippet', { token, method: 'PUT', body: { id, snippet: { title: 'Renamed' } } });
    expect(updated.json.snippet.title).toBe('Renamed');
    expect((await call(`playlists?id=${id}`, { token, method: 'DELETE' })).status).toBe(204);
    expect((await call(`playlists?id=${id}`, { token, method: 'DELETE' })).json.error).toMatchObject({ code: 404, errors: [{ reason: 'playlistNotFound' }] });
  });

  it('failNext answers quota errors, 401, 404, 429 and 5xx, for matching requests only', async () => {
    fake.failNext({ status: 403, reason: 'quotaExceeded' });
    fake.failNext({ status: 429, retryAfter: 3, method: 'POST' });
    fake.failNext({ status: 503, times: 2, path: '/videos' });
    const quota = await call('channels?part=id&mine=true', { token });
    expect(quota.json.error).toMatchObject({ code: 403, errors: [{ reason: 'quotaExceeded', domain: 'youtube.quota' }] });
    expect((await call('videos?part=id&id=fakeVideo01', { token })).status).toBe(503);
    expect((await call('videos?part=id&id=fakeVideo01', { token })).json.error.errors[0].reason).toBe('backendError');
    expect((await call('videos?part=id&id=fakeVideo01', { token })).status).toBe(200);
    const limited = await call('videos/rate?id=fakeVideo01&rating=like', { token, method: 'POST' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    fake.failNext({ status: 401 });
    expect((await call('channels?part=id&mine=true', { token })).json.error.errors[0].reason).toBe('authError');
    fake.failNext({ status: 404, reason: 'videoNotFound' });
    expect((await call('videos?part=id&id=fakeVideo01', { token })).json.error.errors[0].reason).toBe('videoNotFound');
    expect(() => fake.failNext({ status: 200 })).toThrow(RangeError);
  });

  it('speaks the resumable upload protocol', async () => {
    const started = await fetch(`${fake.uploadBaseURL}/videos?uploadType=resumable&part=snippet`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-upload-content-length': '10' },
      body: JSON.stringify({ snippet: { title: 'Raw upload' } }),
    });
    expect(started.status).toBe(200);
    const session = started.headers.get('location') ?? '';
    expect(session).toContain('upload_id=');
    const put = (range: string, body: string) => fetch(session, { method: 'PUT', headers: { 'content-range': range }, body });
    const partial = await put('bytes 0-3/10', 'abcd');
    expect(partial.status).toBe(308);
    expect(partial.headers.get('range')).toBe('bytes=0-3');
    const status = await put('bytes */10', '');
    expect(status.headers.get('range')).toBe('bytes=0-3');
    const done = await put('bytes 4-9/10', 'efghij');
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ kind: 'youtube#video', snippet: { title: 'Raw upload' } });
    expect((await put('bytes */10', '')).status).toBe(200); // Google repeats the final answer to a status query
  });

  it('serves public reads to an API key, records every request, and knows its routes', async () => {
    const keyed = await call('videos?part=snippet&id=fakeVideo05&key=AIza-test');
    expect(keyed.json.items[0].snippet.title).toBe('Black holes');
    expect((await call('videos?part=snippet&myRating=like&key=AIza-test')).status).toBe(401);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/youtube/v3/videos',
      query: [
        ['part', 'snippet'],
        ['myRating', 'like'],
        ['key', 'AIza-test'],
      ],
    });
    expect((await call('nonsense?part=id', { token })).status).toBe(404);
    const download = await call('captions/CAPfake0001', { token });
    expect(download.headers.get('content-type')).toMatch(/^text\/vtt/);
    fake.clearRequests();
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts any bearer without an authorization server, or asks validateToken', async () => {
    const open = await startFakeYouTube({ myPlaylists: 2 });
    const strict = await startFakeYouTube({ validateToken: (value) => (value === 'good' ? { sub: 'someone', name: 'Some One' } : undefined) });
    try {
      const playlists = await fetch(`${open.baseURL}/playlists?part=id&mine=true`, { headers: { authorization: 'Bearer whatever' } });
      expect(((await playlists.json()) as { items: unknown[] }).items).toHaveLength(2);
      expect(await fetch(`${strict.userinfoURL}`, { headers: { authorization: 'Bearer good' } }).then((r) => r.json())).toMatchObject({
        sub: 'someone',
        name: 'Some One',
      });
      expect((await fetch(`${strict.baseURL}/channels?part=id&mine=true`, { headers: { authorization: 'Bearer bad' } })).status).toBe(401);
    } finally {
      await open.close();
      await strict.close();
    }
  });
});

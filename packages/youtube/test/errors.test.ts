import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APIRequestError, NetworkError, OAuthFlowError, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import { QuotaLimitError, YouTube, YouTubeAPIError, YouTubeAPIRequest } from '@oauthflow/youtube';
import { authorizedFlow, startLocalGoogle, type LocalGoogle } from './helpers.js';

let local: LocalGoogle;
let flow: OAuth2AuthorizationFlow;
let yt: YouTube;
const secrets: string[] = [];

beforeAll(async () => {
  local = await startLocalGoogle();
  flow = await authorizedFlow(local);
  yt = new YouTube({ flow, baseURL: local.youtube.baseURL, uploadBaseURL: local.youtube.uploadBaseURL, retry: { retries: 2, minDelayMs: 1, maxDelayMs: 20 } });
});
afterAll(async () => {
  await local?.close();
});
beforeEach(async () => {
  const credentials = await flow.getCredentials();
  secrets.push(credentials.accessToken, credentials.refreshToken ?? '', local.server.clients.confidential.client_secret);
});

/** No token, refresh token or secret in any view of the error. */
function expectNoSecrets(error: unknown): void {
  const views = [String(error), (error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 }), (error as Error).stack ?? ''];
  for (const view of views) for (const secret of secrets.filter((s) => s.length >= 8)) expect(view).not.toContain(secret);
}

async function failure(promise: Promise<unknown>): Promise<YouTubeAPIError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(YouTubeAPIError);
  expectNoSecrets(error);
  return error as YouTubeAPIError;
}

const listMine = () => yt.playlists.list({ part: ['snippet'], mine: true });

describe('typed errors', () => {
  it('a quota error is a YouTubeAPIError with reason and domain, never retried', async () => {
    local.youtube.failNext({ status: 403, reason: 'quotaExceeded' });
    const before = local.youtube.requests.length;
    const error = await failure(listMine());
    expect(error).toBeInstanceOf(APIRequestError);
    expect(error).toBeInstanceOf(OAuthFlowError);
    expect(error).toMatchObject({
      status: 403,
      reason: 'quotaExceeded',
      domain: 'youtube.quota',
      quotaExceeded: true,
      code: 'ERR_OAUTHFLOW_API_REQUEST',
      method: 'GET',
    });
    expect(error.message).toMatch(/HTTP 403 quotaExceeded: The request cannot be completed because you have exceeded your/);
    expect(error.url).toBe(`${local.youtube.baseURL}/playlists`);
    expect(local.youtube.requests.length - before).toBe(1); // retries are on, but a daily quota does not come back
  });

  it('a 401 refreshes once and retries once', async () => {
    const refreshesBefore = local.server.stats().token['refresh_token'] ?? 0;
    const tokenBefore = await flow.getAccessToken();
    local.youtube.failNext({ status: 401 });
    const { data } = await listMine();
    expect(data.items?.length).toBeGreaterThan(0);
    expect((local.server.stats().token['refresh_token'] ?? 0) - refreshesBefore).toBe(1);
    expect(await flow.getAccessToken()).not.toBe(tokenBefore);
    const [rejected, retried] = local.youtube.requests.slice(-2);
    expect(rejected?.headers['authorization']).toBe(`Bearer ${tokenBefore}`);
    expect(retried?.headers['authorization']).not.toBe(`Bearer ${tokenBefore}`);
  });

  it('a 401 that persists after the refresh is a typed 401 (one refresh, one retry, no loop)', async () => {
    const refreshesBefore = local.server.stats().token['refresh_token'] ?? 0;
    const before = local.youtube.requests.length;
    local.youtube.failNext({ status: 401, times: 2 });
    const error = await failure(listMine());
    expect(error).toMatchObject({ status: 401, reason: 'authError', domain: 'global' });
    expect(local.youtube.requests.length - before).toBe(2);
    expect((local.server.stats().token['refresh_token'] ?? 0) - refreshesBefore).toBe(1);
  });

  it("404 is typed with Google's reason", async () => {
    const error = await failure(yt.playlistItems.list({ part: ['snippet'], playlistId: 'PLdoesNotExist' }));
    expect(error).toMatchObject({ status: 404, reason: 'playlistNotFound' });
    const deleted = await failure(yt.playlists.delete({ id: 'PLdoesNotExist' }));
    expect(deleted).toMatchObject({ status: 404, reason: 'playlistNotFound', method: 'DELETE' });
  });

  it('5xx on GET is retried with backoff, then succeeds', async () => {
    local.youtube.failNext({ status: 503, times: 2 });
    const before = local.youtube.requests.length;
    const quotaBefore = yt.quotaUsed;
    const { data } = await listMine();
    expect(data.items?.length).toBeGreaterThan(0);
    expect(local.youtube.requests.length - before).toBe(3);
    expect(yt.quotaUsed - quotaBefore).toBe(3); // Google charges failed requests too
  });

  it('5xx that outlasts the retries is a typed error', async () => {
    local.youtube.failNext({ status: 500, times: 3 });
    const error = await failure(listMine());
    expect(error).toMatchObject({ status: 500, reason: 'backendError' });
  });

  it('429 with Retry-After is retried on GET; a creating POST is never retried, a state-setting one is', async () => {
    local.youtube.failNext({ status: 429, retryAfter: 0 });
    await expect(listMine()).resolves.toMatchObject({ status: 200 });
    local.youtube.failNext({ status: 429, retryAfter: 7 });
    const before = local.youtube.requests.length;
    const error = await failure(yt.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'x' } } }));
    expect(error).toMatchObject({ status: 429, reason: 'rateLimitExceeded', retryAfter: 7 });
    expect(local.youtube.requests.length - before).toBe(1);
    local.youtube.failNext({ status: 500, path: 'videos/rate' });
    const rateBefore = local.youtube.requests.length;
    await expect(yt.videos.rate({ id: 'fakeVideo01', rating: 'like' })).resolves.toMatchObject({ status: 204 });
    expect(local.youtube.requests.length - rateBefore).toBe(2);
  });

  it('quotaLimit refuses before sending', async () => {
    const capped = new YouTube({ flow, baseURL: local.youtube.baseURL, quotaLimit: 150, quotaLimits: { 'search.list': 1 } });
    await capped.search.list({ part: ['snippet'], q: 'oauth' });
    const before = local.youtube.requests.length;
    const error = await capped.search.list({ part: ['snippet'], q: 'oauth' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuotaLimitError);
    expect(error).toMatchObject({ method: 'search.list', bucket: 'search.list', cost: 1, used: 1, limit: 1 });
    expect(local.youtube.requests.length).toBe(before);
    // The search bucket is full; the shared units are not touched by searches.
    await capped.videos.list({ part: ['id'], id: ['fakeVideo01'] });
    expect(capped.quotaUsed).toBe(1);
    expect(capped.quota.byMethod()).toEqual({ 'search.list': 1, 'videos.list': 1 });
    await capped.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'q' } } });
    await capped.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'q' } } });
    await expect(capped.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'q' } } })).rejects.toMatchObject({
      bucket: 'units',
      used: 101,
      limit: 150,
    });
  });

  it('network errors are typed and carry no token', async () => {
    const dead = new YouTube({ flow, baseURL: 'http://127.0.0.1:9/youtube/v3', retry: { retries: 1, minDelayMs: 1 } });
    const error = await dead.channels.list({ part: ['id'], mine: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expectNoSecrets(error);
  });

  it('YouTubeAPIRequest.request maps errors too, and the API key stays out of them', async () => {
    const keyed = new YouTubeAPIRequest(undefined, { apiKey: 'AIzaSy-secret-api-key-123456', baseURL: local.youtube.baseURL });
    const videos = await keyed.request<{ items: unknown[] }>('/videos', { params: { part: ['snippet', 'status'], id: ['fakeVideo01', 'fakeVideo02'] } });
    expect(videos.items).toHaveLength(2);
    expect(local.youtube.requests.at(-1)?.query).toEqual([
      ['part', 'snippet'],
      ['part', 'status'],
      ['id', 'fakeVideo01'],
      ['id', 'fakeVideo02'],
      ['key', 'AIzaSy-secret-api-key-123456'],
    ]);
    const error = await keyed.request('/playlists', { params: { part: 'snippet', mine: true } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(YouTubeAPIError);
    expect(error).toMatchObject({ status: 401, reason: 'required' });
    for (const view of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) expect(view).not.toContain('AIzaSy-secret');
  });
});

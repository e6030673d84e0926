import { auth, youtube as googleYouTube, type youtube_v3 } from '@googleapis/youtube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeYouTube, type FakeYouTube, type RecordedRequest } from '@oauthflow/testing';
import { METHOD_TABLE, YouTube, YouTubeParameterError } from '@oauthflow/youtube';

// Google's official client and ours make the same calls against the same kind of local recording
// server (one fake each, so both see identical data); their requests must be the same.

const TOKEN = 'ya29.fixed-test-token-never-refreshed';
let theirServer: FakeYouTube;
let ourServer: FakeYouTube;
let theirs: youtube_v3.Youtube;
let ours: YouTube;

beforeAll(async () => {
  [theirServer, ourServer] = await Promise.all([startFakeYouTube(), startFakeYouTube()]);
  const client = new auth.OAuth2();
  client.setCredentials({ access_token: TOKEN, expiry_date: Date.now() + 3_600_000 });
  theirs = googleYouTube({ version: 'v3', auth: client, rootUrl: theirServer.rootURL, retry: false });
  ours = new YouTube({ accessToken: TOKEN, baseURL: ourServer.baseURL, uploadBaseURL: ourServer.uploadBaseURL, retry: false });
});
afterAll(async () => {
  await theirServer?.close();
  await ourServer?.close();
});

/** What must match: method, path, the query as a multiset, the JSON body. */
function shape(request: RecordedRequest) {
  const query = request.query.map(([name, value]) => `${name}=${value}`).sort();
  return { method: request.method, path: request.path, query, body: request.body ?? null, bearer: request.headers['authorization'] };
}

/** Runs one call on each client (errors included: only the requests matter) and compares what was sent. */
async function compare(theirCall: () => Promise<unknown>, ourCall: () => Promise<unknown>) {
  const [theirsBefore, oursBefore] = [theirServer.requests.length, ourServer.requests.length];
  const [theirResult, ourResult] = await Promise.allSettled([theirCall(), ourCall()]);
  const sentByThem = theirServer.requests.slice(theirsBefore).map(shape);
  const sentByUs = ourServer.requests.slice(oursBefore).map(shape);
  expect(sentByThem.length).toBeGreaterThan(0);
  expect(sentByUs).toEqual(sentByThem);
  return { sentByUs, theirResult, ourResult };
}

function data(result: PromiseSettledResult<unknown>): unknown {
  if (result.status === 'rejected') throw result.reason;
  return (result.value as { data: unknown }).data;
}

describe('requests match @googleapis/youtube', () => {
  it('channels.list(mine)', async () => {
    const { theirResult, ourResult, sentByUs } = await compare(
      () => theirs.channels.list({ part: ['snippet', 'statistics'], mine: true }),
      () => ours.channels.list({ part: ['snippet', 'statistics'], mine: true }),
    );
    expect(sentByUs[0]).toMatchObject({
      method: 'GET',
      path: '/youtube/v3/channels',
      query: ['mine=true', 'part=snippet', 'part=statistics'],
      bearer: `Bearer ${TOKEN}`,
    });
    expect(data(ourResult)).toEqual({ ...(data(theirResult) as object), etag: expect.any(String) });
  });

  it('playlists.list, two pages', async () => {
    const first = await compare(
      () => theirs.playlists.list({ part: ['snippet'], mine: true, maxResults: 5 }),
      () => ours.playlists.list({ part: ['snippet'], mine: true, maxResults: 5 }),
    );
    const pageToken = (data(first.ourResult) as { nextPageToken?: string }).nextPageToken;
    expect(pageToken).toBeTruthy();
    expect((data(first.theirResult) as { nextPageToken?: string }).nextPageToken).toBe(pageToken);
    const second = await compare(
      () => theirs.playlists.list({ part: ['snippet'], mine: true, maxResults: 5, pageToken }),
      () => ours.playlists.list({ part: ['snippet'], mine: true, maxResults: 5, pageToken }),
    );
    expect(second.sentByUs[0]?.query).toContain(`pageToken=${pageToken}`);
    expect((data(second.ourResult) as { items: unknown[] }).items).toHaveLength(2);
  });

  it('playlistItems.list', async () => {
    await compare(
      () => theirs.playlistItems.list({ part: ['snippet', 'contentDetails'], playlistId: 'PLfakeMyPlaylist0001', maxResults: 3 }),
      () => ours.playlistItems.list({ part: ['snippet', 'contentDetails'], playlistId: 'PLfakeMyPlaylist0001', maxResults: 3 }),
    );
  });

  it('videos.list(id=[a,b]) as repeated keys', async () => {
    const { sentByUs } = await compare(
      () => theirs.videos.list({ part: ['snippet', 'statistics'], id: ['fakeVideo01', 'fakeVideo02'] }),
      () => ours.videos.list({ part: ['snippet', 'statistics'], id: ['fakeVideo01', 'fakeVideo02'] }),
    );
    expect(sentByUs[0]?.query).toEqual(['id=fakeVideo01', 'id=fakeVideo02', 'part=snippet', 'part=statistics']);
  });

  it('search.list', async () => {
    await compare(
      () => theirs.search.list({ part: ['snippet'], q: 'token', type: ['video'], maxResults: 10, order: 'relevance' }),
      () => ours.search.list({ part: ['snippet'], q: 'token', type: ['video'], maxResults: 10, order: 'relevance' }),
    );
  });

  it('subscriptions.list', async () => {
    await compare(
      () => theirs.subscriptions.list({ part: ['snippet', 'contentDetails'], mine: true, order: 'alphabetical' }),
      () => ours.subscriptions.list({ part: ['snippet', 'contentDetails'], mine: true, order: 'alphabetical' }),
    );
  });

  it('playlists.insert sends the JSON body', async () => {
    const requestBody = { snippet: { title: 'Road trip', description: 'Songs', tags: ['a', 'b'] }, status: { privacyStatus: 'private' } };
    const { sentByUs, ourResult } = await compare(
      () => theirs.playlists.insert({ part: ['snippet', 'status'], requestBody }),
      () => ours.playlists.insert({ part: ['snippet', 'status'], requestBody }),
    );
    expect(sentByUs[0]).toMatchObject({ method: 'POST', body: requestBody });
    expect(data(ourResult)).toMatchObject({ kind: 'youtube#playlist', snippet: { title: 'Road trip' }, status: { privacyStatus: 'private' } });
  });

  it('playlists.delete', async () => {
    const { sentByUs, ourResult } = await compare(
      () => theirs.playlists.delete({ id: 'PLfakeMyPlaylist0007' }),
      () => ours.playlists.delete({ id: 'PLfakeMyPlaylist0007' }),
    );
    expect(sentByUs[0]).toMatchObject({ method: 'DELETE', query: ['id=PLfakeMyPlaylist0007'], body: null });
    expect(ourResult).toMatchObject({ status: 'fulfilled', value: { status: 204, data: undefined } });
  });

  it('videos.rate', async () => {
    const { sentByUs } = await compare(
      () => theirs.videos.rate({ id: 'fakeVideo03', rating: 'like' }),
      () => ours.videos.rate({ id: 'fakeVideo03', rating: 'like' }),
    );
    expect(sentByUs[0]).toMatchObject({ method: 'POST', path: '/youtube/v3/videos/rate', body: null });
    expect((await ours.videos.getRating({ id: ['fakeVideo03'] })).data.items).toEqual([{ videoId: 'fakeVideo03', rating: 'like' }]);
  });

  it('commentThreads.insert', async () => {
    const requestBody = { snippet: { videoId: 'fakeVideo01', topLevelComment: { snippet: { textOriginal: 'First!' } } } };
    const { ourResult } = await compare(
      () => theirs.commentThreads.insert({ part: ['snippet'], requestBody }),
      () => ours.commentThreads.insert({ part: ['snippet'], requestBody }),
    );
    expect(data(ourResult)).toMatchObject({
      kind: 'youtube#commentThread',
      snippet: { videoId: 'fakeVideo01', topLevelComment: { snippet: { textOriginal: 'First!' } } },
    });
  });

  it('a missing required param stops both clients before anything is sent', async () => {
    const [theirsBefore, oursBefore] = [theirServer.requests.length, ourServer.requests.length];
    await expect(theirs.videos.list({})).rejects.toThrow(/part/);
    const error = await ours.videos.list({} as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(YouTubeParameterError);
    expect(error).toMatchObject({ code: 'ERR_OAUTHFLOW_CONFIGURATION', method: 'videos.list', parameter: 'part' });
    await expect(ours.videos.rate({ id: 'fakeVideo01' } as never)).rejects.toMatchObject({ parameter: 'rating' });
    expect(theirServer.requests.length).toBe(theirsBefore);
    expect(ourServer.requests.length).toBe(oursBefore);
  });
});

describe('every method of the table goes where the official client sends it', () => {
  it('covers all 83 methods of the 32 resources', () => {
    expect(Object.keys(METHOD_TABLE)).toHaveLength(32);
    expect(Object.values(METHOD_TABLE).reduce((sum, methods) => sum + Object.keys(methods).length, 0)).toBe(83);
  });

  // Minimal params: the required ones (with a placeholder), plus a JSON body for writes.
  const cases = Object.entries(METHOD_TABLE).flatMap(([resource, methods]) =>
    Object.entries(methods).map(([method, spec]) => [`${resource}.${method}`, { resource, method, spec }] as const),
  );
  it.each(cases)('%s', async (_name, { resource, method, spec }) => {
    const params: Record<string, unknown> = {};
    for (const name of spec.required) params[name] = name === 'part' ? ['snippet', 'id'] : name === 'rating' ? 'like' : 'x1';
    if (spec.verb === 'POST' || spec.verb === 'PUT') params['requestBody'] = { id: 'x1', snippet: { title: 't' } };
    const call = (client: object) => {
      // `youtube.v3.liveChat.messages` is nested in both clients.
      const owner = resource
        .split('.')
        .reduce<Record<string, unknown> | undefined>((node, name) => node?.[name] as Record<string, unknown> | undefined, client as Record<string, unknown>) as
        | Record<string, (p: object) => Promise<unknown>>
        | undefined;
      const target = owner?.[method];
      if (!target) throw new Error(`${resource}.${method} is missing`);
      return target.call(owner, structuredClone(params));
    };
    await compare(
      () => call(theirs),
      () => call(ours),
    );
  });
});

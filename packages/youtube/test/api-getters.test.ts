import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeYouTube, type FakeYouTube, type RecordedRequest } from '@oauthflow/testing';
import { Api } from '@oauthflow/youtube';

// Every python-youtube `Api` getter, with python-youtube's defaults, against the fake YouTube:
// what each one sends and what it answers.

let fake: FakeYouTube;
let api: Api;

beforeAll(async () => {
  fake = await startFakeYouTube({ myPlaylists: 12 });
  api = new Api({ accessToken: 'test-token', baseURL: fake.baseURL, retry: false });
});
afterAll(async () => {
  await fake?.close();
});

/** The query of the requests a call sent, one string each (`part=a&part=b&mine=true`). */
async function sent(call: () => Promise<unknown>): Promise<{ result: unknown; requests: string[] }> {
  const before = fake.requests.length;
  const result = await call();
  return { result, requests: fake.requests.slice(before).map(describeRequest) };
}

/** `path?query`, the query sorted: the order of parameters does not matter, their values do. */
function describeRequest(request: Pick<RecordedRequest, 'path' | 'query'>): string {
  return `${request.path.replace('/youtube/v3/', '')}?${new URLSearchParams([...request.query].sort(([a], [b]) => a.localeCompare(b))).toString()}`;
}

/** The same normalisation for an expected `path?query`. */
function normal(expected: string): string {
  const [path = '', query = ''] = expected.split('?');
  return describeRequest({ path, query: [...new URLSearchParams(query)] });
}

const items = (result: unknown) => (result as { items: Array<{ id?: unknown; kind?: string }> }).items;

type Case = [python: string, call: () => Promise<unknown>, firstRequest: string, check?: (result: unknown, requests: string[]) => void];
const cases: Case[] = [
  [
    'get_activities_by_channel',
    () => api.getActivitiesByChannel({ channelId: 'UCfakeMyChannel0000000001', after: '2020-01-01T00:00:00Z' }),
    'activities?part=id&part=snippet&part=contentDetails&maxResults=20&channelId=UCfakeMyChannel0000000001&publishedAfter=2020-01-01T00%3A00%3A00Z',
  ],
  [
    'get_activities_by_me',
    () => api.getActivitiesByMe({ count: 2 }),
    'activities?part=id&part=snippet&part=contentDetails&maxResults=2&mine=true',
    (result) => expect(items(result)).toHaveLength(2),
  ],
  [
    'get_captions_by_video',
    () => api.getCaptionsByVideo({ videoId: 'fakeVideo01' }),
    'captions?videoId=fakeVideo01&part=id&part=snippet',
    (result) => expect(items(result)[0]?.kind).toBe('youtube#caption'),
  ],
  [
    'get_channel_info',
    () => api.getChannelInfo({ channelId: ['UCfakeOtherChannel000001', 'UCfakeOtherChannel000002'] }),
    'channels?part=id&part=brandingSettings&part=contentDetails&part=localizations&part=snippet&part=statistics&part=status&part=topicDetails&hl=en_US&id=UCfakeOtherChannel000001&id=UCfakeOtherChannel000002',
    (result) => expect(items(result)).toHaveLength(2),
  ],
  [
    'get_channel_sections_by_id',
    () => api.getChannelSectionsById({ sectionId: 'UCfakeMyChannel0000000001.section1' }),
    'channelSections?id=UCfakeMyChannel0000000001.section1&part=id&part=snippet&part=contentDetails',
  ],
  [
    'get_channel_sections_by_channel',
    () => api.getChannelSectionsByChannel({ mine: true }),
    'channelSections?part=id&part=snippet&part=contentDetails&mine=true',
    (result) => expect(items(result)).toHaveLength(2),
  ],
  ['get_comment_by_id', () => api.getCommentById({ commentId: 'UgFakeComment001' }), 'comments?id=UgFakeComment001&part=id&part=snippet&textFormat=html'],
  [
    'get_comments',
    () => api.getComments({ parentId: 'UgFakeComment001' }),
    'comments?parentId=UgFakeComment001&part=id&part=snippet&textFormat=html&maxResults=20',
    (result) => expect(items(result)).toHaveLength(1),
  ],
  [
    'get_comment_thread_by_id',
    () => api.getCommentThreadById({ commentThreadId: ['UgFakeComment001', 'UgFakeComment002'] }),
    'commentThreads?id=UgFakeComment001&id=UgFakeComment002&part=id&part=replies&part=snippet&textFormat=html',
  ],
  [
    'get_comment_threads',
    () => api.getCommentThreads({ videoId: 'fakeVideo01', order: 'time', searchTerms: 'great' }),
    'commentThreads?part=id&part=replies&part=snippet&maxResults=20&textFormat=html&videoId=fakeVideo01&order=time&searchTerms=great',
    (result) => expect(items(result)).toHaveLength(3),
  ],
  ['get_i18n_languages', () => api.getI18nLanguages(), 'i18nLanguages?part=snippet&hl=en_US', (result) => expect(items(result)).toHaveLength(5)],
  ['get_i18n_regions', () => api.getI18nRegions({ hl: 'fr' }), 'i18nRegions?part=snippet&hl=fr'],
  [
    'get_members',
    () => api.getMembers({ count: null }),
    'members?part=snippet&maxResults=1000&mode=all_current',
    (result) => expect(items(result)).toHaveLength(3),
  ],
  ['get_membership_levels', () => api.getMembershipLevels(), 'membershipsLevels?part=id&part=snippet'],
  [
    'get_playlist_item_by_id',
    () => api.getPlaylistItemById({ playlistItemId: 'PLIfakeMyPlaylist0001000' }),
    'playlistItems?id=PLIfakeMyPlaylist0001000&part=id&part=contentDetails&part=snippet&part=status',
  ],
  [
    'get_playlist_items',
    () => api.getPlaylistItems({ playlistId: 'PLfakeMyPlaylist0001', count: 5, limit: 3 }),
    'playlistItems?playlistId=PLfakeMyPlaylist0001&part=id&part=contentDetails&part=snippet&part=status&maxResults=3',
    (result, requests) => {
      expect(items(result)).toHaveLength(5);
      expect(requests).toHaveLength(2);
      expect((result as { nextPageToken?: string }).nextPageToken).toBeTruthy(); // the last page's, as python-youtube
    },
  ],
  [
    'get_playlist_by_id',
    () => api.getPlaylistById({ playlistId: 'PLfakeMyPlaylist0002' }),
    'playlists?id=PLfakeMyPlaylist0002&part=id&part=contentDetails&part=localizations&part=player&part=snippet&part=status&hl=en_US',
  ],
  [
    'get_playlists',
    () => api.getPlaylists({ mine: true, count: null }),
    'playlists?part=id&part=contentDetails&part=localizations&part=player&part=snippet&part=status&hl=en_US&maxResults=50&mine=true',
    (result, requests) => {
      expect(items(result)).toHaveLength(12);
      expect(requests).toHaveLength(1); // count null pages by 50, as python-youtube does
    },
  ],
  [
    'search',
    () =>
      api.search({
        q: 'oauth',
        searchType: ['video'],
        order: 'date',
        safeSearch: 'none',
        videoDuration: 'short',
        publishedAfter: '2020-01-01T00:00:00Z',
        regionCode: 'US',
      }),
    'search?part=id&part=snippet&maxResults=10&order=date&publishedAfter=2020-01-01T00%3A00%3A00Z&q=oauth&regionCode=US&safeSearch=none&videoDuration=short&type=video',
  ],
  [
    'search_by_keywords',
    () => api.searchByKeywords({ q: 'bread' }),
    'search?part=id&part=snippet&maxResults=25&q=bread&type=video&type=channel&type=playlist',
    (result) => expect(items(result).length).toBeGreaterThan(0),
  ],
  ['search_by_developer', () => api.searchByDeveloper({ q: 'x' }), 'search?part=id&part=snippet&maxResults=25&q=x&forDeveloper=true&type=video'],
  [
    'search_by_mine',
    () => api.searchByMine({ count: 3 }),
    'search?part=id&part=snippet&maxResults=3&forMine=true&type=video',
    (result) => expect(items(result)).toHaveLength(3),
  ],
  [
    'search_by_related_video',
    () => api.searchByRelatedVideo({ relatedToVideoId: 'fakeVideo01', regionCode: 'GB' }),
    'search?part=id&part=snippet&maxResults=25&regionCode=GB&relatedToVideoId=fakeVideo01&type=video',
  ],
  [
    'get_subscription_by_id',
    () => api.getSubscriptionById({ subscriptionId: ['SUBfake0001'] }),
    'subscriptions?id=SUBfake0001&part=id&part=snippet&part=contentDetails&part=subscriberSnippet',
  ],
  [
    'get_subscription_by_channel',
    () => api.getSubscriptionByChannel({ channelId: 'UCfakeMyChannel0000000001', forChannelId: ['UCfakeOtherChannel000001', 'UCfakeOtherChannel000002'] }),
    'subscriptions?part=id&part=snippet&part=contentDetails&part=subscriberSnippet&order=relevance&maxResults=20&channelId=UCfakeMyChannel0000000001&forChannelId=UCfakeOtherChannel000001%2CUCfakeOtherChannel000002',
  ],
  [
    'get_subscription_by_me',
    () => api.getSubscriptionByMe({ mine: true }),
    'subscriptions?part=id&part=snippet&part=contentDetails&part=subscriberSnippet&order=relevance&maxResults=20&mine=true',
    (result) => expect(items(result)).toHaveLength(3),
  ],
  ['get_video_abuse_report_reason', () => api.getVideoAbuseReportReason(), 'videoAbuseReportReasons?part=id&part=snippet&hl=en_US'],
  ['get_video_categories', () => api.getVideoCategories({ regionCode: 'US' }), 'videoCategories?part=id&part=snippet&hl=en_US&regionCode=US'],
  [
    'get_video_by_id',
    () => api.getVideoById({ videoId: 'fakeVideo05', maxHeight: 360 }),
    'videos?id=fakeVideo05&part=id&part=contentDetails&part=player&part=snippet&part=statistics&part=status&part=topicDetails&hl=en_US&maxHeight=360',
  ],
  [
    'get_videos_by_chart',
    () => api.getVideosByChart({ chart: 'mostPopular', regionCode: 'US' }),
    'videos?chart=mostPopular&part=id&part=contentDetails&part=player&part=snippet&part=statistics&part=status&part=topicDetails&hl=en_US&maxResults=5&videoCategoryId=0&regionCode=US',
    (result) => expect(items(result)).toHaveLength(5),
  ],
  [
    'get_videos_by_myrating',
    async () => {
      await api.youtube.videos.rate({ id: 'fakeVideo02', rating: 'like' });
      return api.getVideosByMyRating({ rating: 'like' });
    },
    'videos/rate?id=fakeVideo02&rating=like',
    (result) => expect(items(result).map((item) => item.id)).toEqual(['fakeVideo02']),
  ],
];

describe("python-youtube's Api getters, with its defaults", () => {
  it('all 31 are here, each documented with its python name', async () => {
    expect(cases).toHaveLength(31);
    const source = await readFile(new URL('../src/facade/api.ts', import.meta.url), 'utf8');
    for (const [python] of cases) expect(source).toContain(`python-youtube's \`${python}\``);
    const camel = (name: string) => name.replace(/_(\w)/g, (_match, letter: string) => letter.toUpperCase()).replace('Myrating', 'MyRating');
    for (const [python] of cases) expect(typeof (api as unknown as Record<string, unknown>)[camel(python)]).toBe('function');
  });

  it.each(cases.map(([python], index) => [python, index] as const))('%s', async (_python, index) => {
    const [, call, firstRequest, check] = cases[index]!;
    const { result, requests } = await sent(call);
    expect(requests[0]).toBe(normal(firstRequest));
    check?.(result, requests);
  });

  it('paged_by_page_token, and a key-only Api refuses what needs a user', async () => {
    const body = await api.pagedByPageToken('playlists', { part: ['id'], mine: true, maxResults: 5 }, null);
    expect(body.items).toHaveLength(12);
    const keyOnly = new Api({ apiKey: 'AIza-test', baseURL: fake.baseURL });
    await expect(keyOnly.getVideosByMyRating({ rating: 'like' })).rejects.toThrow(/needs authorization/);
    await expect(api.getSubscriptionByMe({ mine: true, subscriber: true })).rejects.toThrow(
      /exactly one of mine, recentSubscriber, subscriber \(got mine, subscriber\)/,
    );
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { youtube_v3 } from '@googleapis/youtube';
import type {
  LiveChatMessageListResponse,
  Playlist,
  PlaylistListResponse,
  ResourceClient,
  SearchListResponse,
  VideoListResponse,
  YouTube,
  YouTubeParams,
  YouTubeResponse,
  YouTubeResult,
} from '@oauthflow/youtube';

// Compile-time checks of the public types: `tsc -p packages/youtube/test` fails when they break.
// The functions are never called; vitest only makes sure the file loads.

function mirrorsGoogleapis(yt: YouTube): void {
  expectTypeOf(yt.videos.list).parameter(0).toEqualTypeOf<YouTubeParams<'videos', 'list'>>();
  expectTypeOf(yt.videos.list({ part: ['snippet'], id: ['a', 'b'] })).resolves.toEqualTypeOf<YouTubeResponse<VideoListResponse>>();
  expectTypeOf(yt.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'x' } } })).resolves.toEqualTypeOf<YouTubeResponse<Playlist>>();
  expectTypeOf<YouTubeResult<'search', 'list'>>().toEqualTypeOf<SearchListResponse>();
  expectTypeOf(yt.playlists.delete({ id: 'x' })).resolves.toEqualTypeOf<YouTubeResponse<void>>();
  expectTypeOf(yt.captions.download({ id: 'x' })).resolves.toEqualTypeOf<YouTubeResponse<string>>();
  // Google's standard parameters, and the nested streaming list, as in the official client.
  void yt.videos.list({ part: 'id', chart: 'mostPopular', fields: 'items(id)', quotaUser: 'u1', prettyPrint: false });
  expectTypeOf(yt.youtube.v3.liveChat.messages.stream({ liveChatId: 'c', part: ['snippet'] })).resolves.toEqualTypeOf<
    YouTubeResponse<LiveChatMessageListResponse>
  >();
}

/** Params and bodies written for @googleapis/youtube are accepted unchanged. */
function acceptsOfficialShapes(yt: YouTube, params: youtube_v3.Params$Resource$Videos$List & { part: string[] }, video: youtube_v3.Schema$Video): void {
  void yt.videos.list(params);
  void yt.videos.update({ part: ['snippet'], requestBody: { id: video.id ?? '', snippet: { title: video.snippet?.title ?? '' } } });
  const title: string | null | undefined = ({} as Awaited<ReturnType<YouTube['videos']['list']>>['data']).items?.[0]?.snippet?.title;
  void title;
}

function paginates(yt: YouTube): void {
  expectTypeOf(yt.playlists.listAll({ part: ['id'], mine: true })).toEqualTypeOf<AsyncGenerator<Playlist, void, undefined>>();
  expectTypeOf(yt.playlists.listPages({ part: ['id'], mine: true })).toEqualTypeOf<AsyncGenerator<YouTubeResponse<PlaylistListResponse>, void, undefined>>();
  expectTypeOf<ResourceClient<'thumbnails'>>().not.toHaveProperty('listAll');
}

function refuses(yt: YouTube): void {
  // @ts-expect-error part is required
  void yt.videos.list({ id: ['a'] });
  // @ts-expect-error search has no insert
  void yt.search.insert;
  // @ts-expect-error rating is required
  void yt.videos.rate({ id: 'a' });
}

describe('public types', () => {
  it('are checked by tsc (see above)', () => {
    expect([mirrorsGoogleapis, acceptsOfficialShapes, paginates, refuses].every((check) => typeof check === 'function')).toBe(true);
  });
});

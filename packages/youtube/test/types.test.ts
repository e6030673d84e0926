import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  ListResponse, Playlist, ResourceClient, SearchResult, Video, YouTube, YouTubeParams, YouTubeResponse, YouTubeResult,
} from '@oauthflow/youtube';

// Compile-time checks of the public types: `tsc -p packages/youtube/test` fails when they break.
// The functions are never called; vitest only makes sure the file loads.

function mirrorsGoogleapis(yt: YouTube): void {
  expectTypeOf(yt.videos.list).parameter(0).toEqualTypeOf<YouTubeParams<'videos', 'list'>>();
  expectTypeOf(yt.videos.list({ part: ['snippet'], id: ['a', 'b'] })).resolves.toEqualTypeOf<YouTubeResponse<ListResponse<Video>>>();
  expectTypeOf(yt.playlists.insert({ part: ['snippet'], requestBody: { snippet: { title: 'x' } } })).resolves.toEqualTypeOf<YouTubeResponse<Playlist>>();
  expectTypeOf<YouTubeResult<'search', 'list'>>().toEqualTypeOf<ListResponse<SearchResult>>();
  expectTypeOf(yt.playlists.delete({ id: 'x' })).resolves.toEqualTypeOf<YouTubeResponse<void>>();
  expectTypeOf(yt.captions.download({ id: 'x' })).resolves.toEqualTypeOf<YouTubeResponse<string>>();
}

function paginates(yt: YouTube): void {
  expectTypeOf(yt.playlists.listAll({ part: ['id'], mine: true })).toEqualTypeOf<AsyncGenerator<Playlist, void, undefined>>();
  expectTypeOf<ResourceClient<'thumbnails'>>().not.toHaveProperty('listAll');
}

function refuses(yt: YouTube): void {
  // @ts-expect-error part is required
  void yt.videos.list({ id: ['a'] });
  // @ts-expect-error search has no insert
  void yt.search.insert;
  // @ts-expect-error rating is one of like, dislike, none
  void yt.videos.rate({ id: 'a', rating: 'love' });
}

describe('public types', () => {
  it('are checked by tsc (see above)', () => {
    expect([mirrorsGoogleapis, paginates, refuses].every((check) => typeof check === 'function')).toBe(true);
  });
});

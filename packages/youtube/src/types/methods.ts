import type { YouTubeMethods } from '../generated/methods.js';
import type { CallOptions, ListAllOptions, ListPagesOptions, YouTubeResponse } from './common.js';
import type { Endpoint } from './endpoint.js';

export type { Endpoint } from './endpoint.js';
export type { YouTubeMethods } from '../generated/methods.js';

/** A resource path: `'playlists'`, `'videos'`, …, `'youtube.v3.liveChat.messages'`. */
export type ResourceName = keyof YouTubeMethods;

/** The method names of one resource. */
export type MethodName<Res extends ResourceName> = keyof YouTubeMethods[Res] & string;

/** The params of a method, e.g. `YouTubeParams<'videos', 'list'>`. */
export type YouTubeParams<Res extends ResourceName, M extends MethodName<Res>> =
  YouTubeMethods[Res][M] extends Endpoint<infer Params, unknown> ? Params : never;

/** The response body of a method, e.g. `YouTubeResult<'videos', 'list'>` is `VideoListResponse`. */
export type YouTubeResult<Res extends ResourceName, M extends MethodName<Res>> =
  YouTubeMethods[Res][M] extends Endpoint<unknown, infer Result> ? Result : never;

type MethodFunction<E> = E extends Endpoint<infer Params, infer Result> ? (params: Params, options?: CallOptions) => Promise<YouTubeResponse<Result>> : never;

/** A list response body: one page of items and the token of the next. */
export interface Page<Item> {
  nextPageToken?: string;
  items?: Item[];
}

/** `listAll()` and `listPages()`: every item, or every page, of a list method, fetched lazily. */
export interface Paginated<Params, Item, Body> {
  /**
   * Iterates the items of all pages, following `nextPageToken`; stops after `options.limit` items.
   * @throws {RepeatedPageTokenError} when the server repeats a `nextPageToken`
   * @example
   * for await (const playlist of yt.playlists.listAll({ part: ['snippet'], mine: true }, { limit: 100 })) console.log(playlist.id);
   */
  listAll(params: Params, options?: ListAllOptions): AsyncGenerator<Item, void, undefined>;
  /**
   * Iterates page by page (each the `{ data, status, headers }` of one list call), following
   * `nextPageToken`: to keep `pageInfo`, page tokens or `etag`s, or to stop between pages.
   * @throws {RepeatedPageTokenError} when the server repeats a `nextPageToken`
   * @example
   * for await (const page of yt.videos.listPages({ part: ['id'], chart: 'mostPopular' }, { maxPages: 3 })) console.log(page.data.nextPageToken);
   */
  listPages(params: Params, options?: ListPagesOptions): AsyncGenerator<YouTubeResponse<Body>, void, undefined>;
}

type ListExtras<M> = M extends { list: Endpoint<infer Params, infer Body> }
  ? Body extends { nextPageToken?: string; items?: Array<infer Item> }
    ? Paginated<Params, Item, Body>
    : unknown
  : unknown;

/** The client object of one resource: `yt.playlists.list(…)`, `yt.playlists.listAll(…)`, … */
export type ResourceClient<Res extends ResourceName> = {
  readonly [M in keyof YouTubeMethods[Res]]: MethodFunction<YouTubeMethods[Res][M]>;
} & ListExtras<YouTubeMethods[Res]>;

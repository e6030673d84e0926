import type { CallOptions, ListAllOptions, ListPagesOptions, ListResponse, YouTubeResponse } from './common.js';
import type * as P from './params.js';
import type * as R from './resources.js';

/** One API method: its params and its response body. */
export interface Endpoint<Params, Result> {
  params: Params;
  result: Result;
}

/** list + insert + update + delete of a plain JSON resource. */
interface Crud<T, ListParams> {
  list: Endpoint<ListParams, ListResponse<T>>;
  insert: Endpoint<P.InsertParams<T>, T>;
  update: Endpoint<P.UpdateParams<T>, T>;
  delete: Endpoint<P.DeleteParams, void>;
}

/**
 * Every method of the typed client, by resource — the names and params of Google's official
 * client. The runtime method table and the quota table are checked against this map.
 */
export interface YouTubeMethods {
  activities: { list: Endpoint<P.ActivitiesListParams, ListResponse<R.Activity>> };
  captions: {
    list: Endpoint<P.CaptionsListParams, ListResponse<R.Caption>>;
    insert: Endpoint<P.CaptionsWriteParams, R.Caption>;
    update: Endpoint<P.CaptionsWriteParams, R.Caption>;
    delete: Endpoint<P.CaptionsIdParams, void>;
    /** The caption file's text. */
    download: Endpoint<P.CaptionsIdParams, string>;
  };
  channelBanners: { insert: Endpoint<P.ChannelBannersInsertParams, R.ChannelBannerResource> };
  channelSections: Crud<R.ChannelSection, P.ChannelSectionsListParams>;
  channels: {
    list: Endpoint<P.ChannelsListParams, ListResponse<R.Channel>>;
    update: Endpoint<P.UpdateParams<R.Channel>, R.Channel>;
  };
  comments: Omit<Crud<R.Comment, P.CommentsListParams>, 'insert'> & {
    insert: Endpoint<P.InsertParams<R.Comment>, R.Comment>;
    markAsSpam: Endpoint<P.CommentsMarkAsSpamParams, void>;
    setModerationStatus: Endpoint<P.CommentsSetModerationStatusParams, void>;
  };
  commentThreads: {
    list: Endpoint<P.CommentThreadsListParams, ListResponse<R.CommentThread>>;
    insert: Endpoint<P.InsertParams<R.CommentThread>, R.CommentThread>;
  };
  i18nLanguages: { list: Endpoint<P.LocalizedListParams, ListResponse<R.I18nLanguage>> };
  i18nRegions: { list: Endpoint<P.LocalizedListParams, ListResponse<R.I18nRegion>> };
  members: { list: Endpoint<P.MembersListParams, ListResponse<R.Member>> };
  membershipsLevels: { list: Endpoint<P.MembershipsLevelsListParams, ListResponse<R.MembershipsLevel>> };
  playlistItems: Crud<R.PlaylistItem, P.PlaylistItemsListParams>;
  playlists: Crud<R.Playlist, P.PlaylistsListParams>;
  search: { list: Endpoint<P.SearchListParams, ListResponse<R.SearchResult>> };
  subscriptions: Omit<Crud<R.Subscription, P.SubscriptionsListParams>, 'update'>;
  thumbnails: { set: Endpoint<P.ThumbnailsSetParams, R.ThumbnailSetResponse> };
  videoAbuseReportReasons: { list: Endpoint<P.LocalizedListParams, ListResponse<R.VideoAbuseReportReason>> };
  videoCategories: { list: Endpoint<P.VideoCategoriesListParams, ListResponse<R.VideoCategory>> };
  videos: Omit<Crud<R.Video, P.VideosListParams>, 'insert'> & {
    insert: Endpoint<P.VideosInsertParams, R.Video>;
    rate: Endpoint<P.VideosRateParams, void>;
    getRating: Endpoint<P.VideosGetRatingParams, R.VideoGetRatingResponse>;
    reportAbuse: Endpoint<P.VideosReportAbuseParams, void>;
  };
  watermarks: {
    set: Endpoint<P.WatermarksSetParams, void>;
    unset: Endpoint<P.WatermarksUnsetParams, void>;
  };
}

/** A resource name: `'playlists'`, `'videos'`, … */
export type ResourceName = keyof YouTubeMethods;

/** The method names of one resource. */
export type MethodName<Res extends ResourceName> = keyof YouTubeMethods[Res] & string;

/** The params of a method, e.g. `YouTubeParams<'videos', 'list'>`. */
export type YouTubeParams<Res extends ResourceName, M extends MethodName<Res>> =
  YouTubeMethods[Res][M] extends Endpoint<infer Params, unknown> ? Params : never;

/** The response body of a method, e.g. `YouTubeResult<'videos', 'list'>` is `ListResponse<Video>`. */
export type YouTubeResult<Res extends ResourceName, M extends MethodName<Res>> =
  YouTubeMethods[Res][M] extends Endpoint<unknown, infer Result> ? Result : never;

type MethodFunction<E> = E extends Endpoint<infer Params, infer Result>
  ? (params: Params, options?: CallOptions) => Promise<YouTubeResponse<Result>>
  : never;

/** `listAll()`: every item of every page of a list method, fetched lazily. */
export interface Paginated<Params, Item> {
  /**
   * Iterates the items of all pages, following `nextPageToken`; stops after `options.limit` items.
   * @example
   * for await (const playlist of yt.playlists.listAll({ part: ['snippet'], mine: true }, { limit: 100 })) console.log(playlist.id);
   */
  listAll(params: Params, options?: ListAllOptions): AsyncGenerator<Item, void, undefined>;
  /**
   * Iterates page by page (each the `{ data, status, headers }` of one list call), following
   * `nextPageToken`: to keep `pageInfo`, page tokens or `etag`s, or to stop between pages.
   * @example
   * for await (const page of yt.videos.listPages({ part: ['id'], chart: 'mostPopular' }, { maxPages: 3 })) console.log(page.data.nextPageToken);
   */
  listPages(params: Params, options?: ListPagesOptions): AsyncGenerator<YouTubeResponse<ListResponse<Item>>, void, undefined>;
}

type ListExtras<M> = M extends { list: Endpoint<infer Params, ListResponse<infer Item>> } ? Paginated<Params, Item> : unknown;

/** The client object of one resource: `yt.playlists.list(…)`, `yt.playlists.listAll(…)`, … */
export type ResourceClient<Res extends ResourceName> = {
  readonly [M in keyof YouTubeMethods[Res]]: MethodFunction<YouTubeMethods[Res][M]>;
} & ListExtras<YouTubeMethods[Res]>;

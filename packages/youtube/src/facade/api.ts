import { ConfigurationError } from '@oauthflow/core';
import type {
  ActivityListResponse,
  CaptionListResponse,
  ChannelListResponse,
  ChannelSectionListResponse,
  CommentListResponse,
  CommentThreadListResponse,
  I18nLanguageListResponse,
  I18nRegionListResponse,
  MemberListResponse,
  MembershipsLevelListResponse,
  PlaylistItemListResponse,
  PlaylistListResponse,
  SearchListResponse,
  SubscriptionListResponse,
  VideoAbuseReportReasonListResponse,
  VideoCategoryListResponse,
  VideoListResponse,
} from '../generated/schemas.js';
import type { Many } from '../types/common.js';
import { ApiBase } from './api-base.js';
import { pageSize, type CollectOptions } from './collect.js';
import type * as O from './options.js';
import { DEFAULT_PARTS } from './parts.js';
import { searchParameters, type SearchOptions } from './search-options.js';

const HL = 'en_US';
const TEXT_FORMAT = 'html';

/**
 * python-youtube's `Api`, getter for getter: the same 31 `get_*` / `search*` methods with the same
 * options (camelCase) and defaults (`count`, `limit`, `hl: 'en_US'`, `textFormat: 'html'`; `count:
 * null` gathers everything in pages of the resource's largest size), plus its authorization steps
 * (`getAuthorizationUrl()`, `generateAccessToken()`, `refreshToken()`, `getProfile()`). Built on a
 * Google flow (PKCE, state, storage, refresh) and the typed {@link YouTube} client (`api.youtube`).
 * python-youtube's `return_json` has no equivalent: the answers are plain typed JSON already.
 *
 * @example
 * const api = new Api({ clientId, clientSecret });
 * const { url } = await api.getAuthorizationUrl();          // open it, allow, copy the redirect URL
 * await api.generateAccessToken({ authorizationResponse: pastedUrl });
 * const playlists = await api.getPlaylists({ mine: true });
 * const videos = await api.getVideosByChart({ chart: 'mostPopular', regionCode: 'US', count: 10 });
 */
export class Api extends ApiBase {
  // --- activities ---

  /** python-youtube's `get_activities_by_channel`. `count` 20, `limit` 20. */
  async getActivitiesByChannel(options: O.ActivitiesByChannelOptions): Promise<ActivityListResponse> {
    return this.#activities({ channelId: options.channelId }, options);
  }

  /** python-youtube's `get_activities_by_me` (needs authorization). `count` 20, `limit` 20. */
  async getActivitiesByMe(options: O.ActivitiesOptions = {}): Promise<ActivityListResponse> {
    return this.#activities({ mine: true }, options);
  }

  // --- captions, channels, channel sections ---

  /** python-youtube's `get_captions_by_video` (needs authorization). */
  async getCaptionsByVideo(options: O.CaptionsByVideoOptions): Promise<CaptionListResponse> {
    return (await this.youtube.captions.list({ videoId: options.videoId, part: options.parts ?? DEFAULT_PARTS.captions, ...given({ id: options.captionId }) }))
      .data;
  }

  /** python-youtube's `get_channel_info`: by id(s), `forUsername` or `mine` (and `forHandle`, which Google added since). `hl` 'en_US'. */
  async getChannelInfo(options: O.ChannelInfoOptions): Promise<ChannelListResponse> {
    const filter = oneOf('getChannelInfo', {
      channelId: ['id', options.channelId],
      forUsername: ['forUsername', options.forUsername],
      forHandle: ['forHandle', options.forHandle],
      mine: ['mine', options.mine],
    });
    return (await this.youtube.channels.list({ part: options.parts ?? DEFAULT_PARTS.channels, hl: options.hl ?? HL, ...filter })).data;
  }

  /** python-youtube's `get_channel_sections_by_id`. */
  async getChannelSectionsById(options: O.ByIdOptions<'sectionId'>): Promise<ChannelSectionListResponse> {
    return (await this.youtube.channelSections.list({ id: options.sectionId, part: options.parts ?? DEFAULT_PARTS.channelSections })).data;
  }

  /** python-youtube's `get_channel_sections_by_channel`: a channel's sections, or `mine: true`. */
  async getChannelSectionsByChannel(options: O.ChannelSectionsByChannelOptions): Promise<ChannelSectionListResponse> {
    const filter = options.mine
      ? { mine: true }
      : oneOf('getChannelSectionsByChannel', { channelId: ['channelId', options.channelId], mine: ['mine', undefined] });
    return (await this.youtube.channelSections.list({ part: options.parts ?? DEFAULT_PARTS.channelSections, ...filter })).data;
  }

  // --- comments ---

  /** python-youtube's `get_comment_by_id`. `textFormat` 'html'. */
  async getCommentById(options: O.ByIdOptions<'commentId'> & { textFormat?: string }): Promise<CommentListResponse> {
    return (
      await this.youtube.comments.list({ id: options.commentId, part: options.parts ?? DEFAULT_PARTS.comments, textFormat: options.textFormat ?? TEXT_FORMAT })
    ).data;
  }

  /** python-youtube's `get_comments`: the replies to a comment. `count` 20, `limit` 20 (`count: null`: pages of 100). */
  async getComments(options: O.CommentsOptions): Promise<CommentListResponse> {
    const { count, maxResults } = pageSize(options, { count: 20, limit: 20, max: 100 });
    const params = { parentId: options.parentId, part: options.parts ?? DEFAULT_PARTS.comments, textFormat: options.textFormat ?? TEXT_FORMAT, maxResults };
    return this.paged('comments.list', async (page) => (await this.youtube.comments.list({ ...params, ...start(options, page) })).data, count);
  }

  /** python-youtube's `get_comment_thread_by_id`. `textFormat` 'html'. */
  async getCommentThreadById(options: O.ByIdOptions<'commentThreadId'> & { textFormat?: string }): Promise<CommentThreadListResponse> {
    return (
      await this.youtube.commentThreads.list({
        id: options.commentThreadId,
        part: options.parts ?? DEFAULT_PARTS.commentThreads,
        textFormat: options.textFormat ?? TEXT_FORMAT,
      })
    ).data;
  }

  /** python-youtube's `get_comment_threads`: by `allToChannelId`, `channelId` or `videoId`. `count` 20, `limit` 20 (`null`: pages of 100). */
  async getCommentThreads(options: O.CommentThreadsOptions): Promise<CommentThreadListResponse> {
    const { count, maxResults } = pageSize(options, { count: 20, limit: 20, max: 100 });
    const filter = oneOf('getCommentThreads', {
      allToChannelId: ['allThreadsRelatedToChannelId', options.allToChannelId],
      channelId: ['channelId', options.channelId],
      videoId: ['videoId', options.videoId],
    });
    const params = {
      part: options.parts ?? DEFAULT_PARTS.commentThreads,
      maxResults,
      textFormat: options.textFormat ?? TEXT_FORMAT,
      ...filter,
      ...given({ moderationStatus: options.moderationStatus, order: options.order, searchTerms: options.searchTerms }),
    };
    return this.paged('commentThreads.list', async (page) => (await this.youtube.commentThreads.list({ ...params, ...start(options, page) })).data, count);
  }

  // --- i18n, members ---

  /** python-youtube's `get_i18n_languages`. `hl` 'en_US'. */
  async getI18nLanguages(options: O.LocalizedOptions = {}): Promise<I18nLanguageListResponse> {
    return (await this.youtube.i18nLanguages.list({ part: options.parts ?? DEFAULT_PARTS.i18nLanguages, hl: options.hl ?? HL })).data;
  }

  /** python-youtube's `get_i18n_regions`. `hl` 'en_US'. */
  async getI18nRegions(options: O.LocalizedOptions = {}): Promise<I18nRegionListResponse> {
    return (await this.youtube.i18nRegions.list({ part: options.parts ?? DEFAULT_PARTS.i18nRegions, hl: options.hl ?? HL })).data;
  }

  /** python-youtube's `get_members` (channel owner). `mode` 'all_current', `count` 5, `limit` 5 (`null`: pages of 1000). */
  async getMembers(options: O.MembersOptions = {}): Promise<MemberListResponse> {
    const { count, maxResults } = pageSize(options, { count: 5, limit: 5, max: 1000 });
    const params = {
      part: options.parts ?? DEFAULT_PARTS.members,
      maxResults,
      mode: options.mode ?? 'all_current',
      ...given({ hasAccessToLevel: options.hasAccessToLevel, filterByMemberChannelId: commaSeparated(options.filterByMemberChannelId) }),
    };
    return this.paged('members.list', async (page) => (await this.youtube.members.list({ ...params, ...start(options, page) })).data, count);
  }

  /** python-youtube's `get_membership_levels` (channel owner). */
  async getMembershipLevels(options: { parts?: Many } = {}): Promise<MembershipsLevelListResponse> {
    return (await this.youtube.membershipsLevels.list({ part: options.parts ?? DEFAULT_PARTS.membershipsLevels })).data;
  }

  // --- playlists ---

  /** python-youtube's `get_playlist_item_by_id`. */
  async getPlaylistItemById(options: O.ByIdOptions<'playlistItemId'>): Promise<PlaylistItemListResponse> {
    return (await this.youtube.playlistItems.list({ id: options.playlistItemId, part: options.parts ?? DEFAULT_PARTS.playlistItems })).data;
  }

  /** python-youtube's `get_playlist_items`. `count` 5, `limit` 5 (`null`: pages of 50). */
  async getPlaylistItems(options: O.PlaylistItemsOptions): Promise<PlaylistItemListResponse> {
    const { count, maxResults } = pageSize(options, { count: 5, limit: 5, max: 50 });
    const params = { playlistId: options.playlistId, part: options.parts ?? DEFAULT_PARTS.playlistItems, maxResults, ...given({ videoId: options.videoId }) };
    return this.paged('playlistItems.list', async (page) => (await this.youtube.playlistItems.list({ ...params, ...start(options, page) })).data, count);
  }

  /** python-youtube's `get_playlist_by_id`. `hl` 'en_US'. */
  async getPlaylistById(options: O.ByIdOptions<'playlistId'> & { hl?: string }): Promise<PlaylistListResponse> {
    return (await this.youtube.playlists.list({ id: options.playlistId, part: options.parts ?? DEFAULT_PARTS.playlists, hl: options.hl ?? HL })).data;
  }

  /** python-youtube's `get_playlists`: a channel's, or `mine: true`. `count` 5, `limit` 5 (`null`: pages of 50), `hl` 'en_US'. */
  async getPlaylists(options: O.PlaylistsOptions): Promise<PlaylistListResponse> {
    const { count, maxResults } = pageSize(options, { count: 5, limit: 5, max: 50 });
    const filter = oneOf('getPlaylists', { channelId: ['channelId', options.channelId], mine: ['mine', options.mine] });
    const params = { part: options.parts ?? DEFAULT_PARTS.playlists, hl: options.hl ?? HL, maxResults, ...filter };
    return this.paged('playlists.list', async (page) => (await this.youtube.playlists.list({ ...params, ...start(options, page) })).data, count);
  }

  // --- search ---

  /**
   * python-youtube's `search`, with every one of its parameters (and those Google added since);
   * an unknown option is refused, never dropped. `count` 10, `limit` 10 (`null`: pages of 50),
   * `searchType` 'video,channel,playlist'.
   */
  async search(options: SearchOptions = {}): Promise<SearchListResponse> {
    const { count, maxResults } = pageSize(options, { count: 10, limit: 10, max: 50 });
    const params = { part: options.parts ?? DEFAULT_PARTS.search, maxResults, ...searchParameters(options) };
    // relatedToVideoId is no longer in Google's types but is still sent when asked for.
    return this.paged(
      'search.list',
      async (page) => (await this.youtube.search.list({ ...params, ...start(options, page) } as Parameters<typeof this.youtube.search.list>[0])).data,
      count,
    );
  }

  /** python-youtube's `search_by_keywords`. `count` 25, `limit` 25; other search options pass through. */
  async searchByKeywords(options: SearchOptions & { q: string }): Promise<SearchListResponse> {
    return this.search({ count: 25, limit: 25, ...options });
  }

  /** python-youtube's `search_by_developer`: videos uploaded through this app. `count` 25, `limit` 25. */
  async searchByDeveloper(options: SearchOptions = {}): Promise<SearchListResponse> {
    return this.search({ count: 25, limit: 25, ...options, forDeveloper: true, searchType: 'video' });
  }

  /** python-youtube's `search_by_mine`: the authorized user's videos. `count` 25, `limit` 25. */
  async searchByMine(options: SearchOptions = {}): Promise<SearchListResponse> {
    return this.search({ count: 25, limit: 25, ...options, forMine: true, searchType: 'video' });
  }

  /** python-youtube's `search_by_related_video`. Google removed `relatedToVideoId` in 2023: the API may refuse it. */
  async searchByRelatedVideo(options: O.RelatedVideoOptions): Promise<SearchListResponse> {
    return this.search({ count: 25, limit: 25, ...options, searchType: 'video' });
  }

  // --- subscriptions ---

  /** python-youtube's `get_subscription_by_id`. */
  async getSubscriptionById(options: O.ByIdOptions<'subscriptionId'>): Promise<SubscriptionListResponse> {
    return (await this.youtube.subscriptions.list({ id: options.subscriptionId, part: options.parts ?? DEFAULT_PARTS.subscriptions })).data;
  }

  /** python-youtube's `get_subscription_by_channel`. `order` 'relevance', `count` 20, `limit` 20 (`null`: pages of 50). */
  async getSubscriptionByChannel(options: O.SubscriptionsByChannelOptions): Promise<SubscriptionListResponse> {
    return this.#subscriptions({ channelId: options.channelId }, options);
  }

  /** python-youtube's `get_subscription_by_me`: `mine`, `recentSubscriber` or `subscriber`. `order` 'relevance', `count` 20, `limit` 20. */
  async getSubscriptionByMe(options: O.SubscriptionsByMeOptions): Promise<SubscriptionListResponse> {
    const filter = oneOf('getSubscriptionByMe', {
      mine: ['mine', options.mine],
      recentSubscriber: ['myRecentSubscribers', options.recentSubscriber],
      subscriber: ['mySubscribers', options.subscriber],
    });
    return this.#subscriptions(filter, options);
  }

  // --- videos ---

  /** python-youtube's `get_video_abuse_report_reason`. `hl` 'en_US'. */
  async getVideoAbuseReportReason(options: O.LocalizedOptions = {}): Promise<VideoAbuseReportReasonListResponse> {
    return (await this.youtube.videoAbuseReportReasons.list({ part: options.parts ?? DEFAULT_PARTS.videoAbuseReportReasons, hl: options.hl ?? HL })).data;
  }

  /** python-youtube's `get_video_categories`: by id(s) or `regionCode`. `hl` 'en_US'. */
  async getVideoCategories(options: O.VideoCategoriesOptions): Promise<VideoCategoryListResponse> {
    const filter = oneOf('getVideoCategories', { categoryId: ['id', options.categoryId], regionCode: ['regionCode', options.regionCode] });
    return (await this.youtube.videoCategories.list({ part: options.parts ?? DEFAULT_PARTS.videoCategories, hl: options.hl ?? HL, ...filter })).data;
  }

  /** python-youtube's `get_video_by_id`. `hl` 'en_US'. */
  async getVideoById(options: O.VideoByIdOptions): Promise<VideoListResponse> {
    return (await this.youtube.videos.list({ id: options.videoId, ...videoCommon(options) })).data;
  }

  /** python-youtube's `get_videos_by_chart` (`mostPopular`). `categoryId` '0', `count` 5, `limit` 5 (`null`: pages of 50). */
  async getVideosByChart(options: O.VideosByChartOptions): Promise<VideoListResponse> {
    const { count, maxResults } = pageSize(options, { count: 5, limit: 5, max: 50 });
    const params = {
      chart: options.chart,
      ...videoCommon(options),
      maxResults,
      videoCategoryId: options.categoryId ?? '0',
      ...given({ regionCode: options.regionCode }),
    };
    return this.paged('videos.list', async (page) => (await this.youtube.videos.list({ ...params, ...start(options, page) })).data, count);
  }

  /** python-youtube's `get_videos_by_myrating` (`like` or `dislike`; needs authorization). `count` 5, `limit` 5. */
  async getVideosByMyRating(options: O.VideosByMyRatingOptions): Promise<VideoListResponse> {
    if (!this.authorized) throw new ConfigurationError('getVideosByMyRating needs authorization (clientId or accessToken), not only an API key');
    const { count, maxResults } = pageSize(options, { count: 5, limit: 5, max: 50 });
    const params = { myRating: options.rating, ...videoCommon(options), maxResults };
    return this.paged('videos.list', async (page) => (await this.youtube.videos.list({ ...params, ...start(options, page) })).data, count);
  }

  async #activities(filter: { channelId: string } | { mine: true }, options: O.ActivitiesOptions): Promise<ActivityListResponse> {
    const { count, maxResults } = pageSize(options, { count: 20, limit: 20, max: 50 });
    const params = {
      part: options.parts ?? DEFAULT_PARTS.activities,
      maxResults,
      ...filter,
      ...given({ publishedBefore: options.before, publishedAfter: options.after, regionCode: options.regionCode }),
    };
    return this.paged('activities.list', async (page) => (await this.youtube.activities.list({ ...params, ...start(options, page) })).data, count);
  }

  async #subscriptions(filter: Record<string, string | boolean | Many>, options: O.SubscriptionsOptions): Promise<SubscriptionListResponse> {
    const { count, maxResults } = pageSize(options, { count: 20, limit: 20, max: 50 });
    const params = {
      part: options.parts ?? DEFAULT_PARTS.subscriptions,
      order: options.order ?? 'relevance',
      maxResults,
      ...filter,
      ...given({ forChannelId: commaSeparated(options.forChannelId) }),
    };
    return this.paged('subscriptions.list', async (page) => (await this.youtube.subscriptions.list({ ...params, ...start(options, page) })).data, count);
  }
}

/** python-youtube's `enf_comma_separated`: a list as one comma-separated value (for params Google does not repeat). */
function commaSeparated(value: Many | undefined): string | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? value : value.join(',');
}

/** The page to ask for: the one being followed, else the caller's `pageToken`. */
function start(options: CollectOptions, page: { pageToken?: string }): { pageToken?: string } {
  const pageToken = page.pageToken ?? options.pageToken;
  return pageToken === undefined ? {} : { pageToken };
}

/** The entries that were given (python-youtube leaves out `None` and empty values). */
function given<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== '')) as Partial<T>;
}

/**
 * The one filter given, as API params.
 * @throws {ConfigurationError} unless exactly one is given
 */
function oneOf(method: string, filters: Record<string, [parameter: string, value: Many | boolean | undefined]>): Record<string, Many | boolean> {
  const chosen = Object.entries(filters).filter(([, [, value]]) => value !== undefined && value !== null && value !== '');
  if (chosen.length !== 1) {
    throw new ConfigurationError(
      `${method}: give exactly one of ${Object.keys(filters).join(', ')}${chosen.length > 1 ? ` (got ${chosen.map(([name]) => name).join(', ')})` : ''}`,
    );
  }
  const [[, [parameter, value]]] = chosen as [[string, [string, Many | boolean]]];
  return { [parameter]: value };
}

function videoCommon(options: O.VideoOptions): { part: Many; hl: string; maxHeight?: number; maxWidth?: number } {
  return { part: options.parts ?? DEFAULT_PARTS.videos, hl: options.hl ?? HL, ...given({ maxHeight: options.maxHeight, maxWidth: options.maxWidth }) };
}

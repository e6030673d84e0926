import type { Many } from '../types/common.js';
import type { CollectOptions } from './collect.js';
import type { SearchOptions } from './search-options.js';

// The options of Api's getters: python-youtube's keyword arguments, camelCased.

/** `parts`: the resource parts to read (default: python-youtube's public parts of the resource). */
export interface PartsOptions {
  parts?: Many;
}

/** Getters with an `hl` (default `'en_US'`, python-youtube's). */
export interface LocalizedOptions extends PartsOptions {
  hl?: string;
}

/** `get_*_by_id` getters: one id or several. */
export type ByIdOptions<Name extends string> = PartsOptions & { [K in Name]: Many };

/** get_activities_by_me */
export interface ActivitiesOptions extends PartsOptions, CollectOptions {
  /** Only activities before this ISO 8601 time (`publishedBefore`). */
  before?: string;
  /** Only activities after this ISO 8601 time (`publishedAfter`). */
  after?: string;
  regionCode?: string;
}

/** get_activities_by_channel */
export interface ActivitiesByChannelOptions extends ActivitiesOptions {
  channelId: string;
}

/** get_captions_by_video */
export interface CaptionsByVideoOptions extends PartsOptions {
  videoId: string;
  captionId?: Many;
}

/** get_channel_info: exactly one of `channelId`, `forUsername`, `forHandle`, `mine`. */
export interface ChannelInfoOptions extends LocalizedOptions {
  channelId?: Many;
  forUsername?: string;
  /** A channel handle (`@name`): not in python-youtube, added by Google since. */
  forHandle?: string;
  mine?: boolean;
}

/** get_channel_sections_by_channel */
export interface ChannelSectionsByChannelOptions extends PartsOptions {
  channelId?: string;
  mine?: boolean;
}

/** get_comments */
export interface CommentsOptions extends PartsOptions, CollectOptions {
  parentId: string;
  /** `html` (default) or `plainText`. */
  textFormat?: string;
}

/** get_comment_threads: exactly one of `allToChannelId`, `channelId`, `videoId`. */
export interface CommentThreadsOptions extends PartsOptions, CollectOptions {
  allToChannelId?: string;
  channelId?: string;
  videoId?: string;
  moderationStatus?: string;
  order?: string;
  searchTerms?: string;
  textFormat?: string;
}

/** get_members */
export interface MembersOptions extends PartsOptions, CollectOptions {
  /** `all_current` (default) or `updates`. */
  mode?: string;
  hasAccessToLevel?: string;
  filterByMemberChannelId?: Many;
}

/** get_playlist_items */
export interface PlaylistItemsOptions extends PartsOptions, CollectOptions {
  playlistId: string;
  videoId?: string;
}

/** get_playlists: exactly one of `channelId`, `mine`. */
export interface PlaylistsOptions extends LocalizedOptions, CollectOptions {
  channelId?: string;
  mine?: boolean;
}

/** search_by_related_video */
export interface RelatedVideoOptions
  extends Pick<SearchOptions, 'parts' | 'regionCode' | 'relevanceLanguage' | 'safeSearch' | 'count' | 'limit' | 'pageToken'> {
  relatedToVideoId: string;
}

/** Shared by the subscription getters. */
export interface SubscriptionsOptions extends PartsOptions, CollectOptions {
  forChannelId?: Many;
  /** `relevance` (default), `alphabetical` or `unread`. */
  order?: string;
}

/** get_subscription_by_channel */
export interface SubscriptionsByChannelOptions extends SubscriptionsOptions {
  channelId: string;
}

/** get_subscription_by_me: exactly one of `mine`, `recentSubscriber`, `subscriber`. */
export interface SubscriptionsByMeOptions extends SubscriptionsOptions {
  mine?: boolean;
  recentSubscriber?: boolean;
  subscriber?: boolean;
}

/** get_video_categories: exactly one of `categoryId`, `regionCode`. */
export interface VideoCategoriesOptions extends LocalizedOptions {
  categoryId?: Many;
  regionCode?: string;
}

/** Shared by the video getters. */
export interface VideoOptions extends LocalizedOptions {
  maxHeight?: number;
  maxWidth?: number;
}

/** get_video_by_id */
export interface VideoByIdOptions extends VideoOptions {
  videoId: Many;
}

/** get_videos_by_chart */
export interface VideosByChartOptions extends VideoOptions, CollectOptions {
  /** `mostPopular`. */
  chart: string;
  regionCode?: string;
  /** Default `'0'` (python-youtube's). */
  categoryId?: string;
}

/** get_videos_by_myrating */
export interface VideosByMyRatingOptions extends VideoOptions, CollectOptions {
  /** `like` or `dislike`. */
  rating: string;
}

import type { MediaUpload, Many } from './common.js';
import type {
  Caption, ChannelBannerResource, InvideoBranding, Video, VideoAbuseReport,
} from './resources.js';

// Request parameters, named as Google's official client names them (`part`, `requestBody`,
// `media`, …) so that calls written for googleapis compile here unchanged. Building blocks first.

/** `part`: which resource parts to read or write. Required by most methods. */
export interface PartParams {
  part: Many;
}

/** Paging of list methods. */
export interface PageParams {
  maxResults?: number;
  pageToken?: string;
}

/** For YouTube content partners acting for a content owner. */
export interface OwnerParams {
  onBehalfOfContentOwner?: string;
}

/** For content partners: the channel a write goes to. */
export interface OwnerChannelParams extends OwnerParams {
  onBehalfOfContentOwnerChannel?: string;
}

/** Localized texts. */
export interface LanguageParams {
  hl?: string;
}

/** The resource body of an insert or update. */
export interface BodyParams<T> {
  requestBody?: T;
}

/** Media for a resumable upload. */
export interface MediaParams {
  media?: MediaUpload;
}

/** One resource, by id (delete methods). */
export interface IdParams {
  id: string;
}

/** activities.list */
export interface ActivitiesListParams extends PartParams, PageParams {
  channelId?: string; home?: boolean; mine?: boolean; publishedAfter?: string; publishedBefore?: string; regionCode?: string;
}

/** captions.list */
export interface CaptionsListParams extends PartParams, OwnerParams {
  videoId: string; id?: Many; onBehalfOf?: string;
}

/** captions.insert and captions.update */
export interface CaptionsWriteParams extends PartParams, OwnerParams, BodyParams<Caption>, MediaParams {
  onBehalfOf?: string; sync?: boolean;
}

/** captions.delete and captions.download */
export interface CaptionsIdParams extends IdParams, OwnerParams {
  onBehalfOf?: string; tfmt?: string; tlang?: string;
}

/** channelBanners.insert */
export interface ChannelBannersInsertParams extends OwnerChannelParams, BodyParams<ChannelBannerResource>, MediaParams {
  channelId?: string;
}

/** channels.list */
export interface ChannelsListParams extends PartParams, PageParams, OwnerParams, LanguageParams {
  categoryId?: string; forHandle?: string; forUsername?: string; id?: Many; managedByMe?: boolean; mine?: boolean; mySubscribers?: boolean;
}

/** channelSections.list */
export interface ChannelSectionsListParams extends PartParams, OwnerParams, LanguageParams {
  channelId?: string; id?: Many; mine?: boolean;
}

/** comments.list */
export interface CommentsListParams extends PartParams, PageParams {
  id?: Many; parentId?: string; textFormat?: string;
}

/** comments.markAsSpam */
export interface CommentsMarkAsSpamParams {
  id: Many;
}

/** comments.setModerationStatus */
export interface CommentsSetModerationStatusParams {
  id: Many; moderationStatus: string; banAuthor?: boolean;
}

/** commentThreads.list */
export interface CommentThreadsListParams extends PartParams, PageParams {
  allThreadsRelatedToChannelId?: string; channelId?: string; id?: Many; moderationStatus?: string; order?: string;
  postId?: string; searchTerms?: string; textFormat?: string; videoId?: string;
}

/** i18nLanguages.list, i18nRegions.list, videoAbuseReportReasons.list */
export interface LocalizedListParams extends PartParams, LanguageParams {}

/** members.list */
export interface MembersListParams extends PartParams, PageParams {
  filterByMemberChannelId?: string; hasAccessToLevel?: string; mode?: string;
}

/** membershipsLevels.list */
export interface MembershipsLevelsListParams extends PartParams {}

/** playlistItems.list */
export interface PlaylistItemsListParams extends PartParams, PageParams, OwnerParams {
  id?: Many; playlistId?: string; videoId?: string;
}

/** playlists.list */
export interface PlaylistsListParams extends PartParams, PageParams, OwnerChannelParams, LanguageParams {
  channelId?: string; id?: Many; mine?: boolean;
}

/** search.list */
export interface SearchListParams extends PartParams, PageParams, OwnerParams {
  q?: string; type?: Many; channelId?: string; channelType?: string; eventType?: string; forContentOwner?: boolean;
  forDeveloper?: boolean; forMine?: boolean; location?: string; locationRadius?: string; order?: string;
  publishedAfter?: string; publishedBefore?: string; regionCode?: string; relevanceLanguage?: string; safeSearch?: string;
  topicId?: string; videoCaption?: string; videoCategoryId?: string; videoDefinition?: string; videoDimension?: string;
  videoDuration?: string; videoEmbeddable?: string; videoLicense?: string; videoPaidProductPlacement?: string;
  videoSyndicated?: string; videoType?: string;
}

/** subscriptions.list */
export interface SubscriptionsListParams extends PartParams, PageParams, OwnerChannelParams {
  channelId?: string; forChannelId?: string; id?: Many; mine?: boolean; myRecentSubscribers?: boolean;
  mySubscribers?: boolean; order?: string;
}

/** thumbnails.set */
export interface ThumbnailsSetParams extends OwnerParams, MediaParams {
  videoId: string;
}

/** videoCategories.list */
export interface VideoCategoriesListParams extends PartParams, LanguageParams {
  id?: Many; regionCode?: string;
}

/** videos.list */
export interface VideosListParams extends PartParams, PageParams, OwnerParams, LanguageParams {
  chart?: string; id?: Many; locale?: string; maxHeight?: number; maxWidth?: number; myRating?: string;
  regionCode?: string; videoCategoryId?: string;
}

/** videos.insert: metadata in `requestBody`, the file in `media`. */
export interface VideosInsertParams extends PartParams, OwnerChannelParams, BodyParams<Video>, MediaParams {
  autoLevels?: boolean; notifySubscribers?: boolean; stabilize?: boolean;
}

/** videos.rate */
export interface VideosRateParams {
  id: string; rating: 'like' | 'dislike' | 'none';
}

/** videos.getRating */
export interface VideosGetRatingParams extends OwnerParams {
  id: Many;
}

/** videos.reportAbuse */
export interface VideosReportAbuseParams extends OwnerParams, BodyParams<VideoAbuseReport> {}

/** watermarks.set */
export interface WatermarksSetParams extends OwnerParams, BodyParams<InvideoBranding>, MediaParams {
  channelId: string;
}

/** watermarks.unset */
export interface WatermarksUnsetParams extends OwnerParams {
  channelId: string;
}

/** An insert of a plain JSON resource (playlists, playlistItems, comments, …). */
export interface InsertParams<T> extends PartParams, OwnerChannelParams, BodyParams<T> {}

/** An update of a plain JSON resource. */
export interface UpdateParams<T> extends PartParams, OwnerParams, BodyParams<T> {}

/** A delete by id. */
export interface DeleteParams extends IdParams, OwnerParams {}


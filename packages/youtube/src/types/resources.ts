import type { ResourceId, ThumbnailDetails } from './common.js';

// Resource shapes of the YouTube Data API v3, with the fields most programs read; the names
// are Google's (https://developers.google.com/youtube/v3/docs). Every field is optional: a
// response holds only the parts that were asked for.

/** Fields every resource has. */
export interface ResourceBase {
  kind?: string;
  etag?: string;
  id?: string;
}

/** A localized title and description. */
export interface Localization {
  title?: string;
  description?: string;
}

/** A video (`youtube#video`). */
export interface Video extends ResourceBase {
  snippet?: {
    publishedAt?: string; channelId?: string; channelTitle?: string; title?: string; description?: string;
    thumbnails?: ThumbnailDetails; tags?: string[]; categoryId?: string; liveBroadcastContent?: string;
    defaultLanguage?: string; defaultAudioLanguage?: string; localized?: Localization;
  };
  contentDetails?: {
    duration?: string; dimension?: string; definition?: string; caption?: string; licensedContent?: boolean;
    projection?: string; hasCustomThumbnail?: boolean; regionRestriction?: { allowed?: string[]; blocked?: string[] };
  };
  status?: {
    uploadStatus?: string; failureReason?: string; rejectionReason?: string; privacyStatus?: string; publishAt?: string;
    license?: string; embeddable?: boolean; publicStatsViewable?: boolean; madeForKids?: boolean;
    selfDeclaredMadeForKids?: boolean; containsSyntheticMedia?: boolean;
  };
  statistics?: { viewCount?: string; likeCount?: string; dislikeCount?: string; favoriteCount?: string; commentCount?: string };
  player?: { embedHtml?: string; embedHeight?: string; embedWidth?: string };
  topicDetails?: { topicIds?: string[]; relevantTopicIds?: string[]; topicCategories?: string[] };
  localizations?: Record<string, Localization>;
}

/** A channel (`youtube#channel`). */
export interface Channel extends ResourceBase {
  snippet?: {
    title?: string; description?: string; customUrl?: string; publishedAt?: string; thumbnails?: ThumbnailDetails;
    defaultLanguage?: string; country?: string; localized?: Localization;
  };
  contentDetails?: { relatedPlaylists?: { likes?: string; favorites?: string; uploads?: string } };
  statistics?: { viewCount?: string; subscriberCount?: string; hiddenSubscriberCount?: boolean; videoCount?: string; commentCount?: string };
  status?: { privacyStatus?: string; isLinked?: boolean; longUploadsStatus?: string; madeForKids?: boolean; selfDeclaredMadeForKids?: boolean };
  brandingSettings?: {
    channel?: { title?: string; description?: string; keywords?: string; unsubscribedTrailer?: string; defaultLanguage?: string; country?: string };
    image?: { bannerExternalUrl?: string };
  };
  topicDetails?: { topicIds?: string[]; topicCategories?: string[] };
  localizations?: Record<string, Localization>;
}

/** A playlist (`youtube#playlist`). */
export interface Playlist extends ResourceBase {
  snippet?: {
    publishedAt?: string; channelId?: string; title?: string; description?: string; thumbnails?: ThumbnailDetails;
    channelTitle?: string; tags?: string[]; defaultLanguage?: string; localized?: Localization;
  };
  status?: { privacyStatus?: string; podcastStatus?: string };
  contentDetails?: { itemCount?: number };
  player?: { embedHtml?: string };
  localizations?: Record<string, Localization>;
}

/** An entry of a playlist (`youtube#playlistItem`). */
export interface PlaylistItem extends ResourceBase {
  snippet?: {
    publishedAt?: string; channelId?: string; title?: string; description?: string; thumbnails?: ThumbnailDetails;
    channelTitle?: string; videoOwnerChannelTitle?: string; videoOwnerChannelId?: string; playlistId?: string;
    position?: number; resourceId?: ResourceId;
  };
  contentDetails?: { videoId?: string; startAt?: string; endAt?: string; note?: string; videoPublishedAt?: string };
  status?: { privacyStatus?: string };
}

/** A search hit (`youtube#searchResult`); `id` says what it is. */
export interface SearchResult extends Omit<ResourceBase, 'id'> {
  id?: ResourceId;
  snippet?: {
    publishedAt?: string; channelId?: string; title?: string; description?: string; thumbnails?: ThumbnailDetails;
    channelTitle?: string; liveBroadcastContent?: string;
  };
}

/** A subscription (`youtube#subscription`). */
export interface Subscription extends ResourceBase {
  snippet?: {
    publishedAt?: string; channelTitle?: string; title?: string; description?: string; resourceId?: ResourceId;
    channelId?: string; thumbnails?: ThumbnailDetails;
  };
  contentDetails?: { totalItemCount?: number; newItemCount?: number; activityType?: string };
  subscriberSnippet?: { title?: string; description?: string; channelId?: string; thumbnails?: ThumbnailDetails };
}

/** A comment (`youtube#comment`). */
export interface Comment extends ResourceBase {
  snippet?: {
    authorDisplayName?: string; authorProfileImageUrl?: string; authorChannelUrl?: string;
    authorChannelId?: { value?: string }; channelId?: string; videoId?: string; textDisplay?: string;
    textOriginal?: string; parentId?: string; canRate?: boolean; viewerRating?: string; likeCount?: number;
    moderationStatus?: string; publishedAt?: string; updatedAt?: string;
  };
}

/** A top-level comment and its replies (`youtube#commentThread`). */
export interface CommentThread extends ResourceBase {
  snippet?: {
    channelId?: string; videoId?: string; topLevelComment?: Comment; canReply?: boolean;
    totalReplyCount?: number; isPublic?: boolean;
  };
  replies?: { comments?: Comment[] };
}

/** Something a channel did (`youtube#activity`). */
export interface Activity extends ResourceBase {
  snippet?: {
    publishedAt?: string; channelId?: string; title?: string; description?: string; thumbnails?: ThumbnailDetails;
    channelTitle?: string; type?: string; groupId?: string;
  };
  contentDetails?: {
    upload?: { videoId?: string };
    like?: { resourceId?: ResourceId };
    subscription?: { resourceId?: ResourceId };
    playlistItem?: { resourceId?: ResourceId; playlistId?: string; playlistItemId?: string };
  };
}

/** A caption track (`youtube#caption`). */
export interface Caption extends ResourceBase {
  snippet?: {
    videoId?: string; lastUpdated?: string; trackKind?: string; language?: string; name?: string; audioTrackType?: string;
    isCC?: boolean; isLarge?: boolean; isEasyReader?: boolean; isDraft?: boolean; isAutoSynced?: boolean;
    status?: string; failureReason?: string;
  };
}

/** A shelf on a channel page (`youtube#channelSection`). */
export interface ChannelSection extends ResourceBase {
  snippet?: { type?: string; channelId?: string; title?: string; position?: number; style?: string; defaultLanguage?: string };
  contentDetails?: { playlists?: string[]; channels?: string[] };
}

/** An interface language (`youtube#i18nLanguage`). */
export interface I18nLanguage extends ResourceBase {
  snippet?: { hl?: string; name?: string };
}

/** A content region (`youtube#i18nRegion`). */
export interface I18nRegion extends ResourceBase {
  snippet?: { gl?: string; name?: string };
}

/** A channel member (`youtube#member`). */
export interface Member extends Omit<ResourceBase, 'id'> {
  snippet?: {
    creatorChannelId?: string;
    memberDetails?: { channelId?: string; channelUrl?: string; displayName?: string; profileImageUrl?: string };
    membershipsDetails?: {
      highestAccessibleLevel?: string; highestAccessibleLevelDisplayName?: string; accessibleLevels?: string[];
      membershipsDuration?: { memberSince?: string; memberTotalDurationMonths?: number };
    };
  };
}

/** A membership level (`youtube#membershipsLevel`). */
export interface MembershipsLevel extends ResourceBase {
  snippet?: { creatorChannelId?: string; levelDetails?: { displayName?: string } };
}

/** A reason to report a video (`youtube#videoAbuseReportReason`). */
export interface VideoAbuseReportReason extends ResourceBase {
  snippet?: { label?: string; secondaryReasons?: Array<{ id?: string; label?: string }> };
}

/** A video category (`youtube#videoCategory`). */
export interface VideoCategory extends ResourceBase {
  snippet?: { channelId?: string; title?: string; assignable?: boolean };
}

/** The body of videos.reportAbuse. */
export interface VideoAbuseReport {
  videoId?: string;
  reasonId?: string;
  secondaryReasonId?: string;
  comments?: string;
  language?: string;
}

/** A watermark (the body of watermarks.set). */
export interface InvideoBranding {
  imageUrl?: string;
  imageBytes?: string;
  targetChannelId?: string;
  position?: { type?: string; cornerPosition?: string };
  timing?: { type?: string; offsetMs?: string; durationMs?: string };
}

/** An uploaded channel banner (`youtube#channelBannerResource`). */
export interface ChannelBannerResource {
  kind?: string;
  etag?: string;
  url?: string;
}

/** The answer of thumbnails.set. */
export interface ThumbnailSetResponse {
  kind?: string;
  etag?: string;
  items?: ThumbnailDetails[];
}

/** The answer of videos.getRating. */
export interface VideoGetRatingResponse {
  kind?: string;
  etag?: string;
  items?: Array<{ videoId?: string; rating?: string }>;
}

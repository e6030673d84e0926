// @oauthflow/youtube — the only barrel: an explicit list of named exports.
// Internals (the method table's builders, the caller, the upload session) stay unexported.

export {
  createGoogleFlow,
  DEFAULT_REDIRECT_URI,
  GOOGLE_ENDPOINTS,
  GOOGLE_REVOCATION,
  googleProvider,
  YOUTUBE_API_BASE_URL,
  YOUTUBE_SCOPES,
  YOUTUBE_UPLOAD_BASE_URL,
} from './google-provider.js';
export type { GoogleEndpoints, GoogleProvider, GoogleProviderOptions } from './google-provider.js';
export { youtubeSettingsFromEnv } from './env.js';
export type { YouTubeEnvSettings } from './env.js';

export { QuotaLimitError, RepeatedPageTokenError, UploadResumeError, YouTubeAPIError, YouTubeParameterError } from './errors.js';
export type { GoogleErrorDetail, YouTubeAPIErrorFields } from './errors.js';
export { YouTubeAPIRequest } from './api-request.js';
export type { YouTubeAPIRequestOptions } from './api-request.js';

export { YouTube } from './client/youtube.js';
export type { YouTubeOptions, YouTubeResources } from './client/youtube.js';
export { METHOD_TABLE } from './client/method-table.js';
export type { MethodSpec } from './client/method-table.js';
export { DEFAULT_QUOTA_LIMITS, ESTIMATED_QUOTA_COSTS, pacificDay, QUOTA_BUCKETS, QUOTA_COSTS, quotaBucket, QuotaMeter } from './client/quota.js';
export type { QuotaBucket, QuotaMeterOptions, QuotaReservation, QuotaSnapshot } from './client/quota.js';
export type { RetryOptions } from './client/retry.js';
export type { PollLiveChatOptions } from './client/live-chat.js';

export { Api } from './facade/api.js';
export { ApiBase } from './facade/api-base.js';
export type { ApiOptions, ListResource } from './facade/api-base.js';
export type {
  ActivitiesByChannelOptions,
  ActivitiesOptions,
  ByIdOptions,
  CaptionsByVideoOptions,
  ChannelInfoOptions,
  ChannelSectionsByChannelOptions,
  CommentsOptions,
  CommentThreadsOptions,
  LocalizedOptions,
  MembersOptions,
  PartsOptions,
  PlaylistItemsOptions,
  PlaylistsOptions,
  RelatedVideoOptions,
  SubscriptionsByChannelOptions,
  SubscriptionsByMeOptions,
  SubscriptionsOptions,
  VideoByIdOptions,
  VideoCategoriesOptions,
  VideoOptions,
  VideosByChartOptions,
  VideosByMyRatingOptions,
} from './facade/options.js';
export type { SearchOptions } from './facade/search-options.js';
export { AccessToken } from './facade/access-token.js';
export type { AccessTokenJSON } from './facade/access-token.js';
export type { UserProfile } from './facade/profile.js';
export type { CollectOptions, PagedBody } from './facade/collect.js';

export type {
  CallOptions,
  ListAllOptions,
  ListPagesOptions,
  ListResponse,
  Many,
  MediaUpload,
  UploadProgress,
  YouTubeResponse,
} from './types/common.js';
export type {
  Endpoint,
  MethodName,
  Page,
  Paginated,
  ResourceClient,
  ResourceName,
  YouTubeMethods,
  YouTubeParams,
  YouTubeResult,
} from './types/methods.js';
export type {
  AbuseReport,
  Activity,
  ActivityListResponse,
  Caption,
  CaptionListResponse,
  Channel,
  ChannelBannerResource,
  ChannelListResponse,
  ChannelSection,
  ChannelSectionListResponse,
  Comment,
  CommentListResponse,
  CommentThread,
  CommentThreadListResponse,
  I18nLanguage,
  I18nLanguageListResponse,
  I18nRegion,
  I18nRegionListResponse,
  InvideoBranding,
  LiveBroadcast,
  LiveBroadcastListResponse,
  LiveChatBan,
  LiveChatMessage,
  LiveChatMessageListResponse,
  LiveChatModerator,
  LiveChatModeratorListResponse,
  LiveStream,
  LiveStreamListResponse,
  Member,
  MemberListResponse,
  MembershipsLevel,
  MembershipsLevelListResponse,
  PageInfo,
  Playlist,
  PlaylistImage,
  PlaylistImageListResponse,
  PlaylistItem,
  PlaylistItemListResponse,
  PlaylistListResponse,
  ResourceId,
  SearchListResponse,
  SearchResult,
  Subscription,
  SubscriptionListResponse,
  SuperChatEvent,
  SuperChatEventListResponse,
  ThirdPartyLink,
  ThirdPartyLinkListResponse,
  Thumbnail,
  ThumbnailDetails,
  ThumbnailSetResponse,
  Video,
  VideoAbuseReport,
  VideoAbuseReportReason,
  VideoAbuseReportReasonListResponse,
  VideoCategory,
  VideoCategoryListResponse,
  VideoGetRatingResponse,
  VideoListResponse,
} from './generated/schemas.js';
/** Every schema of the API (`YouTubeSchemas.VideoFileDetails`, …), generated from Google's description. */
export type * as YouTubeSchemas from './generated/schemas.js';
/** The params interfaces of every method (`YouTubeParamTypes.VideosListParams`, …); `YouTubeParams<'videos', 'list'>` names the same types. */
export type * as YouTubeParamTypes from './generated/params.js';

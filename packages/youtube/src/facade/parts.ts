// The parts a getter asks for when `parts` is not given: python-youtube's default public parts.

export const DEFAULT_PARTS = {
  activities: ['id', 'snippet', 'contentDetails'],
  captions: ['id', 'snippet'],
  channels: ['id', 'brandingSettings', 'contentDetails', 'localizations', 'snippet', 'statistics', 'status', 'topicDetails'],
  channelSections: ['id', 'snippet', 'contentDetails'],
  comments: ['id', 'snippet'],
  commentThreads: ['id', 'replies', 'snippet'],
  i18nLanguages: ['snippet'],
  i18nRegions: ['snippet'],
  members: ['snippet'],
  membershipsLevels: ['id', 'snippet'],
  playlistItems: ['id', 'contentDetails', 'snippet', 'status'],
  playlists: ['id', 'contentDetails', 'localizations', 'player', 'snippet', 'status'],
  search: ['id', 'snippet'],
  subscriptions: ['id', 'snippet', 'contentDetails', 'subscriberSnippet'],
  videoAbuseReportReasons: ['id', 'snippet'],
  videoCategories: ['id', 'snippet'],
  videos: ['id', 'contentDetails', 'player', 'snippet', 'statistics', 'status', 'topicDetails'],
} as const satisfies Record<string, readonly string[]>;

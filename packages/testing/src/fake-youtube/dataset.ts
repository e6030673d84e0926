import type { FakeStore, Item } from './store.js';

/** The authorized user's channel id; `mine=true` means this channel. */
export const MY_CHANNEL_ID = 'UCfakeMyChannel0000000001';
const OTHER_CHANNELS = [
  { id: 'UCfakeOtherChannel000001', title: 'Cooking With Fakes', handle: '@cookingwithfakes' },
  { id: 'UCfakeOtherChannel000002', title: 'Fake Science Daily', handle: '@fakesciencedaily' },
  { id: 'UCfakeOtherChannel000003', title: 'Lo-fi Fake Beats', handle: '@lofifakebeats' },
];
const MY_TITLE = 'Test User Channel';
const PUBLISHED = '2024-01-15T10:00:00Z';

/** Thumbnails of an image URL, in the sizes YouTube lists. */
export function thumbnails(base: string): Record<string, { url: string; width: number; height: number }> {
  return {
    default: { url: `${base}/default.jpg`, width: 120, height: 90 },
    medium: { url: `${base}/mqdefault.jpg`, width: 320, height: 180 },
    high: { url: `${base}/hqdefault.jpg`, width: 480, height: 360 },
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const channelTitle = (channelId: string) =>
  channelId === MY_CHANNEL_ID ? MY_TITLE : (OTHER_CHANNELS.find((c) => c.id === channelId)?.title ?? 'Some Channel');

/** A video resource with every part. */
export function video(id: string, channelId: string, title: string, extra: { description?: string; tags?: string[]; categoryId?: string } = {}): Item {
  return {
    kind: 'youtube#video',
    id,
    snippet: {
      publishedAt: PUBLISHED,
      channelId,
      title,
      description: extra.description ?? `${title} — a video of the fake YouTube API.`,
      thumbnails: thumbnails(`https://i.ytimg.com/vi/${id}`),
      channelTitle: channelTitle(channelId),
      tags: extra.tags ?? ['fake', 'test'],
      categoryId: extra.categoryId ?? '28',
      liveBroadcastContent: 'none',
      localized: { title, description: `${title} — a video of the fake YouTube API.` },
    },
    contentDetails: { duration: 'PT4M13S', dimension: '2d', definition: 'hd', caption: 'false', licensedContent: false, projection: 'rectangular' },
    status: { uploadStatus: 'processed', privacyStatus: 'public', license: 'youtube', embeddable: true, publicStatsViewable: true, madeForKids: false },
    statistics: { viewCount: String(1000 + id.length * 37), likeCount: '42', favoriteCount: '0', commentCount: '3' },
    player: { embedHtml: `<iframe width="480" height="270" src="//www.youtube.com/embed/${id}" frameborder="0" allowfullscreen></iframe>` },
  };
}

function channel(id: string, title: string, handle: string): Item {
  return {
    kind: 'youtube#channel',
    id,
    snippet: {
      title,
      description: `The channel of ${title}.`,
      customUrl: handle,
      publishedAt: '2015-03-01T08:00:00Z',
      thumbnails: thumbnails(`https://yt3.ggpht.com/${id}`),
      country: 'US',
      localized: { title, description: `The channel of ${title}.` },
    },
    contentDetails: { relatedPlaylists: { likes: '', uploads: `UU${id.slice(2)}` } },
    statistics: { viewCount: '123456', subscriberCount: '789', hiddenSubscriberCount: false, videoCount: '12' },
    status: { privacyStatus: 'public', isLinked: true, longUploadsStatus: 'allowed', madeForKids: false },
    brandingSettings: { channel: { title, description: `The channel of ${title}.`, keywords: 'fake test' } },
  };
}

/** A playlist resource with every part. */
export function playlist(id: string, channelId: string, title: string, itemCount = 0): Item {
  return {
    kind: 'youtube#playlist',
    id,
    snippet: {
      publishedAt: PUBLISHED,
      channelId,
      title,
      description: '',
      thumbnails: thumbnails(`https://i.ytimg.com/pl/${id}`),
      channelTitle: channelTitle(channelId),
      localized: { title, description: '' },
    },
    status: { privacyStatus: 'public' },
    contentDetails: { itemCount },
    player: { embedHtml: `<iframe src="http://www.youtube.com/embed/videoseries?list=${id}"></iframe>` },
  };
}

/** A playlist item pointing at a video. */
export function playlistItem(id: string, playlistId: string, videoItem: Item, position: number, channelId: string): Item {
  const snippet = videoItem['snippet'] as Record<string, unknown>;
  return {
    kind: 'youtube#playlistItem',
    id,
    snippet: {
      publishedAt: PUBLISHED,
      channelId,
      title: snippet['title'],
      description: snippet['description'],
      thumbnails: snippet['thumbnails'],
      channelTitle: channelTitle(channelId),
      playlistId,
      position,
      resourceId: { kind: 'youtube#video', videoId: videoItem.id },
      videoOwnerChannelTitle: snippet['channelTitle'],
      videoOwnerChannelId: snippet['channelId'],
    },
    contentDetails: { videoId: videoItem.id, videoPublishedAt: PUBLISHED },
    status: { privacyStatus: 'public' },
  };
}

/** A comment resource. */
export function comment(id: string, videoId: string, text: string, author: string, parentId?: string): Item {
  return {
    kind: 'youtube#comment',
    id,
    snippet: {
      channelId: MY_CHANNEL_ID,
      videoId,
      textDisplay: text,
      textOriginal: text,
      authorDisplayName: author,
      authorProfileImageUrl: `https://yt3.ggpht.com/${author}`,
      authorChannelUrl: `http://www.youtube.com/@${author}`,
      authorChannelId: { value: MY_CHANNEL_ID },
      canRate: true,
      viewerRating: 'none',
      likeCount: 1,
      moderationStatus: 'published',
      publishedAt: PUBLISHED,
      updatedAt: PUBLISHED,
      ...(parentId ? { parentId } : {}),
    },
  };
}

/** A comment thread around a top-level comment. */
export function commentThread(id: string, topLevel: Item, replies: Item[] = []): Item {
  const snippet = topLevel['snippet'] as Record<string, unknown>;
  return {
    kind: 'youtube#commentThread',
    id,
    snippet: {
      channelId: snippet['channelId'],
      videoId: snippet['videoId'],
      topLevelComment: topLevel,
      canReply: true,
      totalReplyCount: replies.length,
      isPublic: true,
    },
    ...(replies.length ? { replies: { comments: replies } } : {}),
  };
}

const LANGUAGES: Array<[string, string]> = [
  ['en', 'English'],
  ['fr', 'French'],
  ['de', 'German'],
  ['es', 'Spanish'],
  ['ja', 'Japanese'],
];
const REGIONS: Array<[string, string]> = [
  ['US', 'United States'],
  ['GB', 'United Kingdom'],
  ['FR', 'France'],
  ['DE', 'Germany'],
  ['JP', 'Japan'],
];
const CATEGORIES: Array<[string, string]> = [
  ['1', 'Film & Animation'],
  ['10', 'Music'],
  ['20', 'Gaming'],
  ['22', 'People & Blogs'],
  ['28', 'Science & Technology'],
];
const ABUSE_REASONS: Array<[string, string]> = [
  ['S', 'Sexual content'],
  ['V', 'Violent or repulsive content'],
  ['Y', 'Spam or misleading'],
];

/** Fills a store with a plausible account: channels, videos, playlists, comments, subscriptions, … */
export function seed(store: FakeStore, options: { myPlaylists: number }): void {
  store.put('channels', channel(MY_CHANNEL_ID, MY_TITLE, '@testuser'));
  for (const other of OTHER_CHANNELS) store.put('channels', channel(other.id, other.title, other.handle));
  const videos: Item[] = [];
  const topics = [
    'OAuth 2.0 explained',
    'PKCE in five minutes',
    'Refresh tokens',
    'Cooking pasta',
    'Black holes',
    'Lo-fi mix',
    'Token rotation',
    'Device flow',
    'Baking bread',
    'Quantum cats',
    'Rainy jazz',
    'Storage locks',
  ];
  topics.forEach((title, index) => {
    const owner = index < 3 || index === 6 || index === 7 || index === 11 ? MY_CHANNEL_ID : OTHER_CHANNELS[index % 3]!.id;
    videos.push(store.put('videos', video(`fakeVideo${pad(index + 1, 2)}`, owner, title)));
  });
  // Each channel's uploads playlist (contentDetails.relatedPlaylists.uploads, `UU…`): its items only.
  for (const owner of [MY_CHANNEL_ID, ...OTHER_CHANNELS.map((other) => other.id)]) {
    const uploads = videos.filter((item) => (item['snippet'] as { channelId: string }).channelId === owner);
    uploads.forEach((entry, position) => store.put('playlistItems', playlistItem(`UUI${entry.id}`, `UU${owner.slice(2)}`, entry, position, owner)));
  }
  for (let index = 1; index <= options.myPlaylists; index += 1) {
    const id = `PLfakeMyPlaylist${pad(index, 4)}`;
    const entries = index === 1 ? videos.slice(0, 8) : index === 2 ? videos.slice(8, 11) : [];
    store.put('playlists', playlist(id, MY_CHANNEL_ID, `My playlist ${index}`, entries.length));
    entries.forEach((entry, position) => store.put('playlistItems', playlistItem(`PLI${id.slice(2)}${pad(position, 3)}`, id, entry, position, MY_CHANNEL_ID)));
  }
  OTHER_CHANNELS.forEach((other, index) => store.put('playlists', playlist(`PLfakeOtherPlaylist${pad(index + 1, 3)}`, other.id, `${other.title} favourites`)));
  OTHER_CHANNELS.forEach((other, index) =>
    store.put('subscriptions', {
      kind: 'youtube#subscription',
      id: `SUBfake${pad(index + 1, 4)}`,
      snippet: {
        publishedAt: PUBLISHED,
        title: other.title,
        description: '',
        resourceId: { kind: 'youtube#channel', channelId: other.id },
        channelId: MY_CHANNEL_ID,
        thumbnails: thumbnails(`https://yt3.ggpht.com/${other.id}`),
      },
      contentDetails: { totalItemCount: 12, newItemCount: 0, activityType: 'all' },
    }),
  );
  const first = videos[0]!;
  for (let index = 1; index <= 3; index += 1) {
    const top = store.put('comments', comment(`UgFakeComment${pad(index, 3)}`, first.id!, `Great video! (${index})`, `viewer${index}`));
    const replies = index === 1 ? [store.put('comments', comment(`UgFakeComment${pad(index, 3)}.reply01`, first.id!, 'Agreed.', 'viewer9', top.id))] : [];
    store.put('commentThreads', commentThread(top.id!, top, replies));
  }
  videos
    .filter((item) => (item['snippet'] as { channelId: string }).channelId === MY_CHANNEL_ID)
    .forEach((item, index) =>
      store.put('activities', {
        kind: 'youtube#activity',
        id: `ACTfake${pad(index + 1, 4)}`,
        snippet: {
          publishedAt: PUBLISHED,
          channelId: MY_CHANNEL_ID,
          title: (item['snippet'] as { title: string }).title,
          description: '',
          thumbnails: thumbnails(`https://i.ytimg.com/vi/${item.id}`),
          channelTitle: MY_TITLE,
          type: 'upload',
        },
        contentDetails: { upload: { videoId: item.id } },
      }),
    );
  store.put('captions', {
    kind: 'youtube#caption',
    id: 'CAPfake0001',
    snippet: {
      videoId: first.id,
      lastUpdated: PUBLISHED,
      trackKind: 'standard',
      language: 'en',
      name: 'English',
      audioTrackType: 'unknown',
      isCC: false,
      isLarge: false,
      isEasyReader: false,
      isDraft: false,
      isAutoSynced: false,
      status: 'serving',
    },
  });
  ['singlePlaylist', 'recentUploads'].forEach((type, index) =>
    store.put('channelSections', {
      kind: 'youtube#channelSection',
      id: `${MY_CHANNEL_ID}.section${index + 1}`,
      snippet: { type, channelId: MY_CHANNEL_ID, position: index, style: 'horizontalRow' },
      contentDetails: type === 'singlePlaylist' ? { playlists: ['PLfakeMyPlaylist0001'] } : {},
    }),
  );
  for (const [hl, name] of LANGUAGES) store.put('i18nLanguages', { kind: 'youtube#i18nLanguage', id: hl, snippet: { hl, name } });
  for (const [gl, name] of REGIONS) store.put('i18nRegions', { kind: 'youtube#i18nRegion', id: gl, snippet: { gl, name } });
  for (const [id, title] of CATEGORIES)
    store.put('videoCategories', { kind: 'youtube#videoCategory', id, snippet: { title, assignable: true, channelId: 'UCBR8-60-B28hp2BmDPdntcQ' } });
  for (const [id, label] of ABUSE_REASONS)
    store.put('videoAbuseReportReasons', { kind: 'youtube#videoAbuseReportReason', id, snippet: { label, secondaryReasons: [] } });
  ['Bronze', 'Gold'].forEach((displayName, index) =>
    store.put('membershipsLevels', {
      kind: 'youtube#membershipsLevel',
      id: `LVLfake${index + 1}`,
      snippet: { creatorChannelId: MY_CHANNEL_ID, levelDetails: { displayName } },
    }),
  );
  OTHER_CHANNELS.forEach((other) =>
    store.put('members', {
      kind: 'youtube#member',
      id: `member-${other.id}`,
      snippet: {
        creatorChannelId: MY_CHANNEL_ID,
        memberDetails: {
          channelId: other.id,
          channelUrl: `http://www.youtube.com/channel/${other.id}`,
          displayName: other.title,
          profileImageUrl: `https://yt3.ggpht.com/${other.id}`,
        },
        membershipsDetails: {
          highestAccessibleLevel: 'LVLfake1',
          highestAccessibleLevelDisplayName: 'Bronze',
          accessibleLevels: ['LVLfake1'],
          membershipsDuration: { memberSince: PUBLISHED, memberTotalDurationMonths: 3 },
        },
      },
    }),
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeYouTube, type FakeYouTube } from '@oauthflow/testing';
import { METHOD_TABLE, YouTube, type YouTubeResponse } from '@oauthflow/youtube';

// Every method of the API succeeds against the fake, with a realistic body: one case per method,
// in an order where each write finds what it needs (the table is checked to cover all methods).

let fake: FakeYouTube;
let yt: YouTube;
const LIVE_CHAT = 'Cg0KC2Zha2VMaXZlMDAwMQ';
const ME = 'UCfakeMyChannel0000000001';
const created: Record<string, string> = {};

beforeAll(async () => {
  fake = await startFakeYouTube({ liveChatPollingIntervalMillis: 10 });
  yt = new YouTube({ accessToken: 'test-token', baseURL: fake.baseURL, uploadBaseURL: fake.uploadBaseURL, retry: false });
});
afterAll(async () => {
  await fake?.close();
});

type Case = [string, () => Promise<YouTubeResponse<unknown>>, (response: YouTubeResponse<unknown>) => void];
const kind = (expected: string) => (response: YouTubeResponse<unknown>) => expect(response.data).toMatchObject({ kind: expected });
const list =
  (expected: string, atLeast = 1) =>
  (response: YouTubeResponse<unknown>) => {
    expect(response.data).toMatchObject({ kind: expected });
    expect((response.data as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(atLeast);
  };
const noContent = (response: YouTubeResponse<unknown>) => expect(response.status).toBe(204);
const keep = (name: string, check: (response: YouTubeResponse<unknown>) => void) => (response: YouTubeResponse<unknown>) => {
  check(response);
  created[name] = String((response.data as { id?: string; linkingToken?: string }).id ?? (response.data as { linkingToken?: string }).linkingToken);
};
const image = { body: Buffer.from('fake image bytes'), mimeType: 'image/png' };

const cases: Case[] = [
  [
    'abuseReports.insert',
    () =>
      yt.abuseReports.insert({
        part: ['snippet'],
        requestBody: { subject: { typeId: 'video', id: 'fakeVideo04' }, abuseTypes: [{ id: 'spam' }], description: 'spam' },
      }),
    (response) => expect(response.data).toMatchObject({ subject: { id: 'fakeVideo04' } }),
  ],
  ['activities.list', () => yt.activities.list({ part: ['snippet', 'contentDetails'], mine: true }), list('youtube#activityListResponse')],
  ['captions.list', () => yt.captions.list({ part: ['snippet'], videoId: 'fakeVideo01' }), list('youtube#captionListResponse')],
  [
    'captions.insert',
    () =>
      yt.captions.insert({
        part: ['snippet'],
        requestBody: { snippet: { videoId: 'fakeVideo01', language: 'fr', name: 'Français' } },
        media: { body: 'WEBVTT\n', mimeType: 'text/vtt' },
      }),
    keep('caption', kind('youtube#caption')),
  ],
  [
    'captions.update',
    () => yt.captions.update({ part: ['snippet'], requestBody: { id: created['caption'] ?? '' }, media: { body: 'WEBVTT\n\n', mimeType: 'text/vtt' } }),
    kind('youtube#caption'),
  ],
  ['captions.download', () => yt.captions.download({ id: 'CAPfake0001', tfmt: 'vtt' }), (response) => expect(response.data).toMatch(/^WEBVTT/)],
  ['captions.delete', () => yt.captions.delete({ id: created['caption'] ?? '' }), noContent],
  ['channelBanners.insert', () => yt.channelBanners.insert({ media: image }), kind('youtube#channelBannerResource')],
  ['channels.list', () => yt.channels.list({ part: ['snippet', 'statistics'], mine: true }), list('youtube#channelListResponse')],
  [
    'channels.update',
    () => yt.channels.update({ part: ['brandingSettings'], requestBody: { id: ME, brandingSettings: { channel: { description: 'new' } } } }),
    kind('youtube#channel'),
  ],
  ['channelSections.list', () => yt.channelSections.list({ part: ['snippet'], mine: true }), list('youtube#channelSectionListResponse')],
  [
    'channelSections.insert',
    () => yt.channelSections.insert({ part: ['snippet'], requestBody: { snippet: { type: 'popularUploads' } } }),
    keep('section', kind('youtube#channelSection')),
  ],
  [
    'channelSections.update',
    () => yt.channelSections.update({ part: ['snippet'], requestBody: { id: created['section'] ?? '', snippet: { position: 0 } } }),
    kind('youtube#channelSection'),
  ],
  ['channelSections.delete', () => yt.channelSections.delete({ id: created['section'] ?? '' }), noContent],
  ['commentThreads.list', () => yt.commentThreads.list({ part: ['snippet', 'replies'], videoId: 'fakeVideo01' }), list('youtube#commentThreadListResponse')],
  [
    'commentThreads.insert',
    () =>
      yt.commentThreads.insert({
        part: ['snippet'],
        requestBody: { snippet: { videoId: 'fakeVideo02', topLevelComment: { snippet: { textOriginal: 'Nice' } } } },
      }),
    keep('thread', kind('youtube#commentThread')),
  ],
  ['comments.list', () => yt.comments.list({ part: ['snippet'], parentId: 'UgFakeComment001' }), list('youtube#commentListResponse')],
  [
    'comments.insert',
    () => yt.comments.insert({ part: ['snippet'], requestBody: { snippet: { parentId: created['thread'] ?? '', textOriginal: 'Thanks' } } }),
    keep('comment', kind('youtube#comment')),
  ],
  [
    'comments.update',
    () => yt.comments.update({ part: ['snippet'], requestBody: { id: 'UgFakeComment003', snippet: { textOriginal: 'edited' } } }),
    kind('youtube#comment'),
  ],
  ['comments.setModerationStatus', () => yt.comments.setModerationStatus({ id: ['UgFakeComment002'], moderationStatus: 'published' }), noContent],
  ['comments.markAsSpam', () => yt.comments.markAsSpam({ id: ['UgFakeComment002'] }), noContent],
  ['comments.delete', () => yt.comments.delete({ id: 'UgFakeComment003' }), noContent],
  ['i18nLanguages.list', () => yt.i18nLanguages.list({ part: ['snippet'], hl: 'en' }), list('youtube#i18nLanguageListResponse')],
  ['i18nRegions.list', () => yt.i18nRegions.list({ part: ['snippet'] }), list('youtube#i18nRegionListResponse')],
  ['liveBroadcasts.list', () => yt.liveBroadcasts.list({ part: ['snippet', 'status'], broadcastStatus: 'active' }), list('youtube#liveBroadcastListResponse')],
  ['liveStreams.list', () => yt.liveStreams.list({ part: ['snippet', 'cdn'], mine: true }), list('youtube#liveStreamListResponse')],
  [
    'liveStreams.insert',
    () =>
      yt.liveStreams.insert({
        part: ['snippet', 'cdn'],
        requestBody: { snippet: { title: 'Backup camera' }, cdn: { ingestionType: 'rtmp', resolution: 'variable', frameRate: 'variable' } },
      }),
    keep('stream', kind('youtube#liveStream')),
  ],
  [
    'liveStreams.update',
    () => yt.liveStreams.update({ part: ['snippet'], requestBody: { id: created['stream'] ?? '', snippet: { title: 'Backup camera 2' } } }),
    kind('youtube#liveStream'),
  ],
  [
    'liveBroadcasts.insert',
    () =>
      yt.liveBroadcasts.insert({
        part: ['snippet', 'status'],
        requestBody: { snippet: { title: 'Tomorrow', scheduledStartTime: '2030-01-01T10:00:00Z' }, status: { privacyStatus: 'unlisted' } },
      }),
    keep('broadcast', kind('youtube#liveBroadcast')),
  ],
  [
    'liveBroadcasts.update',
    () => yt.liveBroadcasts.update({ part: ['snippet'], requestBody: { id: created['broadcast'] ?? '', snippet: { title: 'Tomorrow, earlier' } } }),
    kind('youtube#liveBroadcast'),
  ],
  [
    'liveBroadcasts.bind',
    () => yt.liveBroadcasts.bind({ id: created['broadcast'] ?? '', part: ['contentDetails'], streamId: created['stream'] ?? '' }),
    (response) => expect(response.data).toMatchObject({ contentDetails: { boundStreamId: created['stream'] } }),
  ],
  [
    'liveBroadcasts.transition',
    () => yt.liveBroadcasts.transition({ id: created['broadcast'] ?? '', broadcastStatus: 'testing', part: ['status'] }),
    (response) => expect(response.data).toMatchObject({ status: { lifeCycleStatus: 'testing' } }),
  ],
  [
    'liveBroadcasts.insertCuepoint',
    () => yt.liveBroadcasts.insertCuepoint({ id: 'fakeLive0001', requestBody: { cueType: 'cueTypeAd', durationSecs: 60 } }),
    kind('youtube#cuepoint'),
  ],
  [
    'liveChatMessages.list',
    () => yt.liveChatMessages.list({ liveChatId: LIVE_CHAT, part: ['snippet', 'authorDetails'] }),
    (response) => {
      list('youtube#liveChatMessageListResponse', 3)(response);
      expect(response.data).toMatchObject({ pollingIntervalMillis: 10, nextPageToken: expect.any(String) });
    },
  ],
  [
    'youtube.v3.liveChat.messages.stream',
    () => yt.youtube.v3.liveChat.messages.stream({ liveChatId: LIVE_CHAT, part: ['snippet'] }),
    list('youtube#liveChatMessageListResponse', 3),
  ],
  [
    'liveChatMessages.insert',
    () =>
      yt.liveChatMessages.insert({
        part: ['snippet'],
        requestBody: { snippet: { liveChatId: LIVE_CHAT, type: 'textMessageEvent', textMessageDetails: { messageText: 'hi chat' } } },
      }),
    keep('message', kind('youtube#liveChatMessage')),
  ],
  ['liveChatMessages.transition', () => yt.liveChatMessages.transition({ id: created['message'] ?? '', status: 'closed' }), kind('youtube#liveChatMessage')],
  ['liveChatMessages.delete', () => yt.liveChatMessages.delete({ id: created['message'] ?? '' }), noContent],
  [
    'liveChatBans.insert',
    () =>
      yt.liveChatBans.insert({
        part: ['snippet'],
        requestBody: {
          snippet: { liveChatId: LIVE_CHAT, type: 'temporary', banDurationSeconds: '300', bannedUserDetails: { channelId: 'UCfakeOtherChannel000001' } },
        },
      }),
    keep('ban', kind('youtube#liveChatBan')),
  ],
  ['liveChatBans.delete', () => yt.liveChatBans.delete({ id: created['ban'] ?? '' }), noContent],
  ['liveChatModerators.list', () => yt.liveChatModerators.list({ liveChatId: LIVE_CHAT, part: ['snippet'] }), list('youtube#liveChatModeratorListResponse')],
  [
    'liveChatModerators.insert',
    () =>
      yt.liveChatModerators.insert({
        part: ['snippet'],
        requestBody: { snippet: { liveChatId: LIVE_CHAT, moderatorDetails: { channelId: 'UCfakeOtherChannel000003' } } },
      }),
    keep('moderator', kind('youtube#liveChatModerator')),
  ],
  ['liveChatModerators.delete', () => yt.liveChatModerators.delete({ id: created['moderator'] ?? '' }), noContent],
  ['liveBroadcasts.delete', () => yt.liveBroadcasts.delete({ id: created['broadcast'] ?? '' }), noContent],
  ['liveStreams.delete', () => yt.liveStreams.delete({ id: created['stream'] ?? '' }), noContent],
  ['members.list', () => yt.members.list({ part: ['snippet'], mode: 'all_current' }), list('youtube#memberListResponse')],
  ['membershipsLevels.list', () => yt.membershipsLevels.list({ part: ['snippet'] }), list('youtube#membershipsLevelListResponse')],
  ['playlistImages.list', () => yt.playlistImages.list({ part: ['snippet'], parent: 'PLfakeMyPlaylist0001' }), list('youtube#playlistImageListResponse')],
  [
    'playlistImages.insert',
    () => yt.playlistImages.insert({ part: ['snippet'], requestBody: { snippet: { playlistId: 'PLfakeMyPlaylist0002', type: 'hero' } }, media: image }),
    keep('image', kind('youtube#playlistImage')),
  ],
  [
    'playlistImages.update',
    () => yt.playlistImages.update({ part: ['snippet'], requestBody: { id: created['image'] ?? '', snippet: { width: 1024 } }, media: image }),
    kind('youtube#playlistImage'),
  ],
  ['playlistImages.delete', () => yt.playlistImages.delete({ id: created['image'] ?? '' }), noContent],
  ['playlists.list', () => yt.playlists.list({ part: ['snippet'], mine: true }), list('youtube#playlistListResponse')],
  [
    'playlists.insert',
    () => yt.playlists.insert({ part: ['snippet', 'status'], requestBody: { snippet: { title: 'Every method' }, status: { privacyStatus: 'private' } } }),
    keep('playlist', kind('youtube#playlist')),
  ],
  [
    'playlists.update',
    () => yt.playlists.update({ part: ['snippet'], requestBody: { id: created['playlist'] ?? '', snippet: { title: 'Every method, renamed' } } }),
    kind('youtube#playlist'),
  ],
  [
    'playlistItems.insert',
    () =>
      yt.playlistItems.insert({
        part: ['snippet'],
        requestBody: { snippet: { playlistId: created['playlist'] ?? '', resourceId: { kind: 'youtube#video', videoId: 'fakeVideo05' } } },
      }),
    keep('item', kind('youtube#playlistItem')),
  ],
  ['playlistItems.list', () => yt.playlistItems.list({ part: ['snippet'], playlistId: created['playlist'] ?? '' }), list('youtube#playlistItemListResponse')],
  [
    'playlistItems.update',
    () => yt.playlistItems.update({ part: ['snippet'], requestBody: { id: created['item'] ?? '', snippet: { position: 0 } } }),
    kind('youtube#playlistItem'),
  ],
  ['playlistItems.delete', () => yt.playlistItems.delete({ id: created['item'] ?? '' }), noContent],
  ['playlists.delete', () => yt.playlists.delete({ id: created['playlist'] ?? '' }), noContent],
  ['search.list', () => yt.search.list({ part: ['snippet'], q: 'oauth', type: ['video'] }), list('youtube#searchListResponse')],
  ['subscriptions.list', () => yt.subscriptions.list({ part: ['snippet'], mine: true }), list('youtube#subscriptionListResponse')],
  ['subscriptions.delete', () => yt.subscriptions.delete({ id: 'SUBfake0001' }), noContent],
  [
    'subscriptions.insert',
    () =>
      yt.subscriptions.insert({
        part: ['snippet'],
        requestBody: { snippet: { resourceId: { kind: 'youtube#channel', channelId: 'UCfakeOtherChannel000001' } } },
      }),
    kind('youtube#subscription'),
  ],
  ['superChatEvents.list', () => yt.superChatEvents.list({ part: ['snippet'] }), list('youtube#superChatEventListResponse', 2)],
  [
    'tests.insert',
    () => yt.tests.insert({ part: ['snippet'], requestBody: { snippet: {} } }),
    (response) => expect(response.data).toMatchObject({ id: expect.any(String) }),
  ],
  [
    'thirdPartyLinks.list',
    () => yt.thirdPartyLinks.list({ part: ['snippet', 'status'], type: 'channelToStoreLink' }),
    list('youtube#thirdPartyLinkListResponse'),
  ],
  [
    'thirdPartyLinks.insert',
    () =>
      yt.thirdPartyLinks.insert({
        part: ['snippet'],
        requestBody: { snippet: { type: 'channelToStoreLink', channelToStoreLink: { storeName: 'Second store', storeUrl: 'https://shop.example' } } },
      }),
    keep('link', kind('youtube#thirdPartyLink')),
  ],
  [
    'thirdPartyLinks.update',
    () =>
      yt.thirdPartyLinks.update({
        part: ['snippet'],
        requestBody: { linkingToken: created['link'] ?? '', snippet: { type: 'channelToStoreLink', channelToStoreLink: { storeName: 'Renamed store' } } },
      }),
    kind('youtube#thirdPartyLink'),
  ],
  ['thirdPartyLinks.delete', () => yt.thirdPartyLinks.delete({ linkingToken: created['link'] ?? '', type: 'channelToStoreLink' }), noContent],
  [
    'thumbnails.set',
    () => yt.thumbnails.set({ videoId: 'fakeVideo01', media: { body: Buffer.from('jpeg'), mimeType: 'image/jpeg' } }),
    kind('youtube#thumbnailSetResponse'),
  ],
  ['videoAbuseReportReasons.list', () => yt.videoAbuseReportReasons.list({ part: ['snippet'] }), list('youtube#videoAbuseReportReasonListResponse')],
  ['videoCategories.list', () => yt.videoCategories.list({ part: ['snippet'], regionCode: 'US' }), list('youtube#videoCategoryListResponse')],
  [
    'videos.list',
    () => yt.videos.list({ part: ['snippet', 'liveStreamingDetails'], id: ['fakeLive0001'] }),
    (response) => expect((response.data as { items: unknown[] }).items[0]).toMatchObject({ liveStreamingDetails: { activeLiveChatId: LIVE_CHAT } }),
  ],
  [
    'videos.insert',
    () => yt.videos.insert({ part: ['snippet'], requestBody: { snippet: { title: 'Every method' } }, media: { body: Buffer.from('video bytes') } }),
    keep('video', kind('youtube#video')),
  ],
  [
    'videos.update',
    () => yt.videos.update({ part: ['snippet'], requestBody: { id: created['video'] ?? '', snippet: { title: 'Every method, renamed', categoryId: '22' } } }),
    kind('youtube#video'),
  ],
  ['videos.rate', () => yt.videos.rate({ id: 'fakeVideo04', rating: 'like' }), noContent],
  [
    'videos.getRating',
    () => yt.videos.getRating({ id: ['fakeVideo04'] }),
    (response) => expect(response.data).toMatchObject({ items: [{ videoId: 'fakeVideo04', rating: 'like' }] }),
  ],
  ['videos.reportAbuse', () => yt.videos.reportAbuse({ requestBody: { videoId: 'fakeVideo04', reasonId: 'Y' } }), noContent],
  [
    'videos.batchGetStats',
    () => yt.videos.batchGetStats({ id: ['fakeVideo01', 'fakeVideo02'], part: ['statistics'] }),
    (response) => expect(response.data).toMatchObject({ kind: 'youtube#batchGetStatsResponse', items: [{ id: 'fakeVideo01' }, { id: 'fakeVideo02' }] }),
  ],
  ['videoTrainability.get', () => yt.videoTrainability.get({ id: 'fakeVideo01' }), kind('youtube#videoTrainability')],
  ['videos.delete', () => yt.videos.delete({ id: created['video'] ?? '' }), noContent],
  [
    'watermarks.set',
    () =>
      yt.watermarks.set({
        channelId: ME,
        requestBody: { position: { type: 'corner', cornerPosition: 'topRight' }, timing: { type: 'offsetFromStart', offsetMs: '0' } },
        media: image,
      }),
    noContent,
  ],
  ['watermarks.unset', () => yt.watermarks.unset({ channelId: ME }), noContent],
];

describe('every method succeeds against the fake YouTube', () => {
  it('the cases cover all 83 methods', () => {
    const all = Object.entries(METHOD_TABLE).flatMap(([resource, methods]) => Object.keys(methods).map((method) => `${resource}.${method}`));
    expect(all).toHaveLength(83);
    expect(cases.map(([name]) => name).sort()).toEqual(all.sort());
  });

  it.each(cases.map((entry, index) => [entry[0], index] as const))('%s', async (_name, index) => {
    const [, call, check] = cases[index]!;
    check(await call());
  });
});

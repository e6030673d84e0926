/**
 * A port of python-youtube's examples/apis/get_all_videos_id_with_channel_by_search.py: every
 * video id of a channel, through search (each page is one search.list call: Google counts them in
 * the search bucket, 100 a day by default).
 *
 *   OAUTHFLOW_YOUTUBE_API_KEY=AIza… pnpm tsx --conditions=@oauthflow/source examples/youtube-videos-by-search.ts UC…
 *
 * OAUTHFLOW_YOUTUBE_BASE_URL points it at another server (the test suite's fake YouTube).
 */
import { Api, youtubeSettingsFromEnv } from '@oauthflow/youtube';

const { baseURL } = youtubeSettingsFromEnv();
const api = new Api({ apiKey: process.env['OAUTHFLOW_YOUTUBE_API_KEY'] ?? 'xxx', ...(baseURL ? { baseURL } : {}) });

async function getAllVideosIdByChannel(channelId: string, limit = 50, count = 50): Promise<string[]> {
  const videos: string[] = [];
  let nextPage: string | undefined;
  for (;;) {
    const res = await api.search({ channelId, limit, count, ...(nextPage ? { pageToken: nextPage } : {}) });
    nextPage = res.nextPageToken;
    for (const item of res.items ?? []) if (item.id?.videoId) videos.push(item.id.videoId);
    if (!nextPage) break;
  }
  return videos;
}

const channelId = process.argv[2] ?? 'UC_x5XG1OV2P6uZZ5FSM9Ttw';
const limit = Number(process.argv[3] ?? 50);
const ids = await getAllVideosIdByChannel(channelId, limit, limit);
console.log(ids.join('\n'));
console.log(`${ids.length} videos; search calls: ${api.youtube.quota.usedIn('search.list')}`);

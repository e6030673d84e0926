/**
 * A port of python-youtube's examples/channel_videos.py: some videos of a channel, with an API key.
 *
 *   1. the channel, by username        (api.get_channel_info(channel_name=…))
 *   2. its uploads playlist's items    (api.get_playlist_items(playlist_id=…, count=10, limit=6))
 *   3. each video                      (api.get_video_by_id(video_id=…))
 *   4. written to videos.json, one JSON object a line
 *
 *   OAUTHFLOW_YOUTUBE_API_KEY=AIza… pnpm tsx --conditions=@oauthflow/source examples/youtube-channel-videos.ts [username]
 *
 * OAUTHFLOW_YOUTUBE_BASE_URL points it at another server (the test suite's fake YouTube);
 * OAUTHFLOW_OUTPUT_DIR says where videos.json goes (default: the current directory).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Api, youtubeSettingsFromEnv, type Video } from '@oauthflow/youtube';

const env = process.env;
const { baseURL } = youtubeSettingsFromEnv();
const api = new Api({ apiKey: env['OAUTHFLOW_YOUTUBE_API_KEY'] ?? 'xxx', ...(baseURL ? { baseURL } : {}) });

async function getVideos(channelName: string): Promise<Video[]> {
  const channel = await api.getChannelInfo({ forUsername: channelName });
  const playlistId = channel.items?.[0]?.contentDetails?.relatedPlaylists?.uploads;
  if (!playlistId) throw new Error(`No channel with the username ${channelName}`);
  const items = await api.getPlaylistItems({ playlistId, count: 10, limit: 6 });
  const videos: Video[] = [];
  for (const item of items.items ?? []) {
    const videoId = item.contentDetails?.videoId;
    if (videoId) videos.push(...((await api.getVideoById({ videoId })).items ?? []));
  }
  return videos;
}

const videos = await getVideos(process.argv[2] ?? 'googledevelopers');
const file = join(env['OAUTHFLOW_OUTPUT_DIR'] ?? '.', 'videos.json');
await writeFile(file, videos.map((video) => JSON.stringify(video)).join('\n') + '\n');
for (const video of videos) console.log(`${video.id}  ${video.snippet?.title ?? ''}`);
console.log(`${videos.length} videos written to ${file}; quota used: ${api.youtube.quotaUsed} units`);

import { ConfigurationError, NoCredentialsError } from '@oauthflow/core';
import type { Playlist, Video, YouTube } from '@oauthflow/youtube';
import type { YouTubeFlags } from '../commands/youtube.js';
import { table } from '../runtime/format.js';
import { emit } from '../runtime/output.js';
import { withSession } from '../runtime/session.js';

/** `oauthflow youtube me`: the authorized user's channel. */
export async function youtubeMe(flags: YouTubeFlags): Promise<void> {
  await withYouTube(flags, async (yt) => {
    const { data } = await yt.channels.list({ part: ['snippet', 'statistics', 'contentDetails'], mine: true });
    const channel = data.items?.[0];
    if (channel === undefined) throw new ConfigurationError('This Google account has no YouTube channel');
    const stats = channel.statistics;
    emit(flags, channel, () => [
      `${channel.snippet?.title ?? '(untitled)'} (${channel.id ?? '?'})`,
      ...(channel.snippet?.customUrl ? [`  ${channel.snippet.customUrl}`] : []),
      `  ${stats?.subscriberCount ?? '?'} subscribers, ${stats?.videoCount ?? '?'} videos, ${stats?.viewCount ?? '?'} views`,
    ]);
  });
}

/** `oauthflow youtube playlists`: the user's (or a channel's) playlists. */
export async function youtubePlaylists(flags: YouTubeFlags): Promise<void> {
  const limit = count(flags.limit);
  await withYouTube(flags, async (yt) => {
    const owner = flags.channel === undefined ? { mine: true } : { channelId: flags.channel };
    const playlists: Playlist[] = [];
    for await (const playlist of yt.playlists.listAll({ part: ['snippet', 'contentDetails'], ...owner }, { limit })) playlists.push(playlist);
    emit(flags, playlists, () =>
      playlists.length === 0
        ? 'No playlists.'
        : table([['ID', 'VIDEOS', 'TITLE'], ...playlists.map((p) => [p.id ?? '', String(p.contentDetails?.itemCount ?? ''), p.snippet?.title ?? ''])]),
    );
  });
}

/** `oauthflow youtube videos <ids…>` or `--playlist ID`: video titles, durations and views. */
export async function youtubeVideos(ids: readonly string[], flags: YouTubeFlags): Promise<void> {
  if ((ids.length === 0) === (flags.playlist === undefined)) throw new ConfigurationError('Give video ids or --playlist ID (one of the two)');
  const limit = count(flags.limit);
  await withYouTube(flags, async (yt) => {
    let videoIds = [...ids];
    if (flags.playlist !== undefined) {
      videoIds = [];
      for await (const item of yt.playlistItems.listAll({ part: ['contentDetails'], playlistId: flags.playlist }, { limit })) {
        if (item.contentDetails?.videoId) videoIds.push(item.contentDetails.videoId);
      }
    }
    const videos: Video[] = [];
    // videos.list takes at most 50 ids per call.
    for (let start = 0; start < videoIds.length; start += 50) {
      const { data } = await yt.videos.list({ part: ['snippet', 'contentDetails', 'statistics'], id: videoIds.slice(start, start + 50) });
      videos.push(...(data.items ?? []));
    }
    emit(flags, videos, () =>
      videos.length === 0
        ? 'No videos.'
        : table([
            ['ID', 'DURATION', 'VIEWS', 'TITLE'],
            ...videos.map((v) => [v.id ?? '', v.contentDetails?.duration ?? '', v.statistics?.viewCount ?? '', v.snippet?.title ?? '']),
          ]),
    );
  });
}

/** A YouTube client on the key's flow; the API base URL may come from OAUTHFLOW_YOUTUBE_BASE_URL. */
async function withYouTube(flags: YouTubeFlags, fn: (yt: YouTube) => Promise<void>): Promise<void> {
  await withSession(flags, async (session) => {
    if ((await session.stored()) === undefined)
      throw new NoCredentialsError(`No credentials are stored under "${session.key}" in ${session.store.display}`, session.key);
    const { YouTube: Client, youtubeSettingsFromEnv } = await import('@oauthflow/youtube');
    const { baseURL } = youtubeSettingsFromEnv(session.settings.env);
    await fn(new Client({ flow: await session.flow(), ...(baseURL ? { baseURL } : {}) }));
  });
}

function count(value: string | undefined): number {
  const parsed = Number(value ?? '50');
  if (!Number.isInteger(parsed) || parsed <= 0) throw new ConfigurationError(`--limit must be a positive integer (got ${JSON.stringify(value)})`);
  return parsed;
}

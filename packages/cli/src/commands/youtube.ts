import type { Command } from 'commander';
import { clientOptions, examples, storeOptions, type ClientFlags, type StoreFlags } from './options.js';

/** Flags of the `oauthflow youtube` subcommands. */
export interface YouTubeFlags extends StoreFlags, ClientFlags {
  limit?: string;
  playlist?: string;
  channel?: string;
}

/** `oauthflow youtube me|playlists|videos`: a few YouTube Data API v3 calls with a stored login. */
export function registerYouTube(program: Command): void {
  const youtube = program
    .command('youtube')
    .description('YouTube Data API v3 with a stored Google login (oauthflow login --provider google)')
    .addHelpText(
      'after',
      examples([
        'oauthflow login --provider google --client-id 123.apps.googleusercontent.com --key yt',
        'oauthflow youtube me --key yt',
        'oauthflow youtube playlists --key yt --limit 10',
        'oauthflow youtube videos dQw4w9WgXcQ --json --key yt',
        'oauthflow youtube videos --playlist PL123 --key yt',
      ]),
    );

  define(youtube.command('me').description('your channel: id, title, subscribers, videos'), ['oauthflow youtube me --json'], async (flags) =>
    (await import('../actions/youtube.js')).youtubeMe(flags),
  );
  define(
    youtube
      .command('playlists')
      .description("your playlists (or a channel's with --channel)")
      .option('--channel <id>', "list this channel's playlists instead of yours")
      .option('--limit <n>', 'at most this many', '50'),
    ['oauthflow youtube playlists --limit 5'],
    async (flags) => (await import('../actions/youtube.js')).youtubePlaylists(flags),
  );
  youtube
    .command('videos')
    .description('videos by id, or the videos of a playlist')
    .argument('[ids...]', 'video ids')
    .option('--playlist <id>', 'list the videos of this playlist')
    .option('--limit <n>', 'at most this many (with --playlist)', '50')
    .addHelpText('after', examples(['oauthflow youtube videos dQw4w9WgXcQ 9bZkp7q19f0', 'oauthflow youtube videos --playlist PL123 --limit 20']))
    .action(async (ids: string[], flags: YouTubeFlags) => (await import('../actions/youtube.js')).youtubeVideos(ids, flags));
  for (const command of youtube.commands) {
    clientOptions(command, { full: false });
    storeOptions(command);
  }
}

function define(command: Command, lines: readonly string[], action: (flags: YouTubeFlags) => Promise<void>): void {
  command.addHelpText('after', examples(lines)).action(action);
}

/**
 * Uses the credentials examples/youtube-authorize.ts stored (a FileStorage) with the typed
 * client: every playlist of the channel (listAll follows the pages), the first items of the
 * first one, and the quota those calls cost. Expired tokens are refreshed on the way, once,
 * and saved back to the file.
 *
 *   OAUTHFLOW_CLIENT_ID=… OAUTHFLOW_CLIENT_SECRET=… OAUTHFLOW_TOKEN_FILE=youtube-tokens.json \
 *     pnpm tsx --conditions=@oauthflow/source examples/youtube-playlists.ts
 *
 * The same environment variables as youtube-authorize.ts point it at local servers.
 */
import { FileStorage } from '@oauthflow/core';
import { createGoogleFlow, YouTube, youtubeSettingsFromEnv } from '@oauthflow/youtube';

const env = process.env;
const { endpoints, ...api } = youtubeSettingsFromEnv();
const storage = new FileStorage(env['OAUTHFLOW_TOKEN_FILE'] ?? 'youtube-tokens.json');

if ((await storage.get()) === undefined) {
  console.error('No stored credentials: run examples/youtube-authorize.ts with the same OAUTHFLOW_TOKEN_FILE first.');
  process.exit(1);
}

const flow = createGoogleFlow({
  clientId: env['OAUTHFLOW_CLIENT_ID'] ?? 'XXXXXXXXXXXX.apps.googleusercontent.com',
  clientSecret: env['OAUTHFLOW_CLIENT_SECRET'] ?? 'XXXXXXXXXXXXXXXXXXXX',
  endpoints,
  storage,
});
const yt = new YouTube({ flow, ...api, quotaLimit: 100 });

console.log('Your playlists:');
let first: string | undefined;
for await (const playlist of yt.playlists.listAll({ part: ['snippet', 'contentDetails'], mine: true, maxResults: 50 })) {
  first ??= playlist.id;
  console.log(`  ${playlist.id}  ${playlist.snippet?.title ?? ''} (${playlist.contentDetails?.itemCount ?? 0} videos)`);
}

if (first !== undefined) {
  console.log(`\nFirst videos of ${first}:`);
  for await (const item of yt.playlistItems.listAll({ part: ['snippet'], playlistId: first }, { limit: 5 })) {
    console.log(`  ${item.snippet?.position ?? 0}. ${item.snippet?.title ?? ''}`);
  }
}
console.log(`\nQuota used: ${yt.quotaUsed} units`, yt.quota.byMethod());

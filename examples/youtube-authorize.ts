/**
 * python-youtube's authorization guide, step by step, with @oauthflow/youtube's `Api`:
 *
 *   1. get the authorization URL          (api.get_authorization_url())
 *   2. open it, allow, and paste back the URL the browser was redirected to
 *   3. exchange it for a token            (api.generate_access_token(authorization_response=...))
 *   4. read your playlists                (api.get_playlists(mine=True))
 *   5. read your profile                  (api.get_profile())
 *
 *   OAUTHFLOW_CLIENT_ID=… OAUTHFLOW_CLIENT_SECRET=… pnpm tsx --conditions=@oauthflow/source examples/youtube-authorize.ts
 *
 * The redirect URI is python-youtube's `https://localhost/` (register it for your OAuth client):
 * the browser shows a connection error there — copy the whole URL from the address bar. With
 * OAUTHFLOW_TOKEN_FILE the tokens are saved for examples/youtube-playlists.ts. Every Google
 * endpoint can be replaced through the environment (OAUTHFLOW_GOOGLE_AUTH_URI, …_TOKEN_URI,
 * …_REVOKE_URI, …_USERINFO_URI, OAUTHFLOW_YOUTUBE_BASE_URL): that is how the test suite runs
 * this file against a local authorization server and a fake YouTube.
 */
import { createInterface } from 'node:readline/promises';
import { FileStorage, MemoryStorage } from '@oauthflow/core';
import { Api, youtubeSettingsFromEnv } from '@oauthflow/youtube';

const env = process.env;
const tokenFile = env['OAUTHFLOW_TOKEN_FILE'];

// In [2]: api = Api(client_id="you client id", client_secret="you client secret")
const api = new Api({
  clientId: env['OAUTHFLOW_CLIENT_ID'] ?? 'XXXXXXXXXXXX.apps.googleusercontent.com',
  clientSecret: env['OAUTHFLOW_CLIENT_SECRET'] ?? 'XXXXXXXXXXXXXXXXXXXX',
  redirectUri: env['OAUTHFLOW_REDIRECT_URI'] ?? 'https://localhost/',
  storage: tokenFile ? new FileStorage(tokenFile) : new MemoryStorage(),
  ...youtubeSettingsFromEnv(),
});

// In [3]: api.get_authorization_url()
const { url, state } = await api.getAuthorizationUrl();
console.log(`Step 1. Open this URL in your browser and allow access:\n\n  ${url}\n`);
console.log(`(state: ${state})\n`);

// The browser lands on https://localhost/?code=…&state=… (a connection error): copy that URL.
const terminal = createInterface({ input: process.stdin, output: process.stdout });
const authorizationResponse = await terminal.question('Step 2. Paste the whole URL you were redirected to: ');
terminal.close();

// In [4]: token = api.generate_access_token(authorization_response="the whole url")
const token = await api.generateAccessToken({ authorizationResponse });
console.log(`\nStep 3. ${token}`); // AccessToken(token_type='Bearer', expires_in=3600, refresh_token=yes) — no secrets printed

// In [6]: playlists = api.get_playlists(mine=True)
const playlists = await api.getPlaylists({ mine: true });
console.log('\nStep 4. Your playlists:');
for (const playlist of playlists.items ?? []) console.log(`  Playlist(kind='${playlist.kind}', id='${playlist.id}')  ${playlist.snippet?.title ?? ''}`);

// In [8]: profile = api.get_profile()
const profile = await api.getProfile();
console.log(`\nStep 5. UserProfile(id='${profile.id}', name='${profile.name ?? ''}')`);
if (tokenFile) console.log(`\nTokens saved in ${tokenFile}: examples/youtube-playlists.ts can use them now.`);

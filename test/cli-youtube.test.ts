/**
 * `oauthflow login --provider google` and `oauthflow youtube …`, with Google's endpoints pointed
 * at the local authorization server and the API at the fake YouTube (which introspects tokens).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, startFakeYouTube, type AuthorizationServer, type FakeYouTube } from '@oauthflow/testing';
import { YOUTUBE_SCOPES } from '@oauthflow/youtube';
import { AUTHORIZATION_URL, assertCliBuilt, cli, startCli, removeTempHomes, tempHome } from './helpers/cli.js';

let server: AuthorizationServer;
let youtube: FakeYouTube;

beforeAll(async () => {
  assertCliBuilt();
  server = await startAuthorizationServer({ scopes: [...YOUTUBE_SCOPES] });
  youtube = await startFakeYouTube({ authorizationServer: server });
});
afterAll(async () => {
  await youtube?.close();
  await server?.close();
  await removeTempHomes();
});

describe('oauthflow youtube', { timeout: 90_000 }, () => {
  it('logs in with the Google preset, then lists the channel, playlists and videos', async () => {
    const home = await tempHome();
    const env = {
      ...home.env,
      OAUTHFLOW_STORE: `file:${join(home.dir, 'tokens.json')}`,
      OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret,
      OAUTHFLOW_GOOGLE_AUTH_URI: server.endpoints.authorization,
      OAUTHFLOW_GOOGLE_TOKEN_URI: server.endpoints.token,
      OAUTHFLOW_GOOGLE_REVOKE_URI: server.endpoints.revocation,
      OAUTHFLOW_GOOGLE_DEVICE_URI: server.endpoints.deviceAuthorization,
      OAUTHFLOW_YOUTUBE_BASE_URL: youtube.baseURL,
    };
    const login = startCli(
      ['login', '--provider', 'google', '--client-id', 'confidential-client', '--redirect-uri', 'http://127.0.0.1/callback', '--no-browser', '--key', 'yt'],
      env,
    );
    const [url] = await login.waitForStderr(AUTHORIZATION_URL);
    expect(new URL(url).searchParams.get('access_type')).toBe('offline');
    expect(new URL(url).searchParams.get('prompt')).toBe('consent');
    await fetch(await server.authorize(url)).then((response) => response.text());
    const done = await login.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Logged in: key "yt" .*refreshable/);

    const me = await cli(['youtube', 'me', '--key', 'yt', '--json'], env);
    expect(me.code, me.stderr).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({ id: youtube.myChannelId, snippet: { title: 'Test User Channel' } });

    const playlists = await cli(['youtube', 'playlists', '--key', 'yt', '--limit', '3'], env);
    expect(playlists.code, playlists.stderr).toBe(0);
    const rows = playlists.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ID\s+VIDEOS\s+TITLE$/);
    expect(rows).toHaveLength(4);

    const videoId = (youtube.items('videos')[0] as { id: string }).id;
    const videos = await cli(['youtube', 'videos', videoId, '--key', 'yt', '--json'], env);
    expect(videos.code, videos.stderr).toBe(0);
    expect(JSON.parse(videos.stdout)).toEqual([expect.objectContaining({ id: videoId, contentDetails: expect.objectContaining({ duration: 'PT4M13S' }) })]);

    const noIds = await cli(['youtube', 'videos', '--key', 'yt'], env);
    expect(noIds.code).toBe(1);
    expect(noIds.stderr).toBe('oauthflow: Give video ids or --playlist ID (one of the two)\n');
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import {
  startAuthorizationServer,
  startFakeYouTube,
  startGoogleEmulator,
  type AuthorizationServer,
  type FakeYouTube,
  type GoogleEmulator,
} from '@oauthflow/testing';
import { YOUTUBE_SCOPES } from '@oauthflow/youtube';
import { runScript } from './helpers/run-script.js';

let server: AuthorizationServer;
let youtube: FakeYouTube;
/** A fake that takes any bearer token and API keys: for the API-key and access-token examples. */
let open: FakeYouTube;
/** Google's OAuth 2.0 endpoints as Google documents them, and a fake YouTube that trusts its tokens. */
let google: GoogleEmulator;
let googleYouTube: FakeYouTube;

beforeAll(async () => {
  server = await startAuthorizationServer({ scopes: [...YOUTUBE_SCOPES, 'https://www.googleapis.com/auth/youtube.readonly'] });
  youtube = await startFakeYouTube({ authorizationServer: server });
  open = await startFakeYouTube();
  google = await startGoogleEmulator({ accessTokenTtl: 3600 });
  googleYouTube = await startFakeYouTube({ validateToken: google.validateToken });
});
afterAll(async () => {
  await googleYouTube?.close();
  await google?.close();
  await open?.close();
  await youtube?.close();
  await server?.close();
});

const openEnv = (outputDir: string): Record<string, string> => ({
  OAUTHFLOW_YOUTUBE_API_KEY: 'AIza-example-key',
  OAUTHFLOW_ACCESS_TOKEN: 'ya29.example-token',
  OAUTHFLOW_YOUTUBE_BASE_URL: open.baseURL,
  OAUTHFLOW_YOUTUBE_UPLOAD_URL: open.uploadBaseURL,
  OAUTHFLOW_OUTPUT_DIR: outputDir,
});

function localEnv(tokenFile: string): Record<string, string> {
  return {
    OAUTHFLOW_CLIENT_ID: server.clients.confidential.client_id,
    OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret,
    OAUTHFLOW_GOOGLE_AUTH_URI: server.endpoints.authorization,
    OAUTHFLOW_GOOGLE_TOKEN_URI: server.endpoints.token,
    OAUTHFLOW_GOOGLE_REVOKE_URI: server.endpoints.revocation,
    OAUTHFLOW_GOOGLE_USERINFO_URI: youtube.userinfoURL,
    OAUTHFLOW_YOUTUBE_BASE_URL: youtube.baseURL,
    OAUTHFLOW_TOKEN_FILE: tokenFile,
  };
}

/** The same examples against the Google emulator: Google's own wire behaviour, its web client. */
function googleEnv(tokenFile: string): Record<string, string> {
  return {
    OAUTHFLOW_CLIENT_ID: google.clients.web.client_id,
    OAUTHFLOW_CLIENT_SECRET: google.clients.web.client_secret,
    OAUTHFLOW_GOOGLE_AUTH_URI: google.endpoints.authorization,
    OAUTHFLOW_GOOGLE_TOKEN_URI: google.endpoints.token,
    OAUTHFLOW_GOOGLE_REVOKE_URI: google.endpoints.revocation,
    OAUTHFLOW_GOOGLE_USERINFO_URI: google.endpoints.userinfo,
    OAUTHFLOW_YOUTUBE_BASE_URL: googleYouTube.baseURL,
    OAUTHFLOW_TOKEN_FILE: tokenFile,
  };
}

describe('YouTube examples against the Google emulator', () => {
  it("youtube-authorize.ts completes the guide with Google's endpoints; youtube-playlists.ts reuses the tokens", async () => {
    const tokenFile = join(await mkdtemp(join(tmpdir(), 'oauthflow-youtube-google-')), 'tokens.json');
    const authorize = runScript('examples/youtube-authorize.ts', { env: googleEnv(tokenFile) });
    const [url] = await authorize.waitFor(/http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+/);
    await authorize.waitFor(/Paste the whole URL/);
    const redirect = await google.authorize(url);
    expect(redirect.startsWith('https://localhost/?')).toBe(true);
    authorize.child.stdin.write(`${redirect}\n`);
    expect(await authorize.exit, authorize.output()).toBe(0);
    expect(authorize.output()).toContain("AccessToken(token_type='Bearer', expires_in=3600, refresh_token=yes)");
    const saved = await new FileStorage(tokenFile).get();
    expect(saved?.refreshToken).toBeTruthy();
    expect(saved?.refreshTokenExpiresAt).toBeInstanceOf(Date); // Google's refresh_token_expires_in, kept
    expect(authorize.output()).not.toContain(saved?.refreshToken);

    const playlists = runScript('examples/youtube-playlists.ts', { env: googleEnv(tokenFile) });
    expect(await playlists.exit, playlists.output()).toBe(0);
    expect(playlists.output()).toContain('PLfakeMyPlaylist0001');
  }, 40_000);
});

describe('YouTube examples', () => {
  it('youtube-authorize.ts walks the python-youtube guide; youtube-playlists.ts reuses its stored tokens', async () => {
    const tokenFile = join(await mkdtemp(join(tmpdir(), 'oauthflow-youtube-example-')), 'tokens.json');
    const authorize = runScript('examples/youtube-authorize.ts', { env: localEnv(tokenFile) });
    const [url] = await authorize.waitFor(/http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/);
    await authorize.waitFor(/Paste the whole URL/);
    // Play the user: allow in the browser, copy the https://localhost/?code=… URL, paste it.
    const redirect = await server.authorize(url);
    expect(redirect.startsWith('https://localhost/?code=')).toBe(true);
    authorize.child.stdin.write(`${redirect}\n`);
    expect(await authorize.exit).toBe(0);
    const output = authorize.output();
    expect(output).toContain("AccessToken(token_type='Bearer', expires_in=3600, refresh_token=yes)");
    expect(output).toContain("Playlist(kind='youtube#playlist', id='PLfakeMyPlaylist0001')");
    expect(output).toContain("UserProfile(id='test-user', name='Test User')");
    const saved = await new FileStorage(tokenFile).get();
    expect(saved?.refreshToken).toBeTruthy();
    expect(output).not.toContain(saved?.accessToken);
    expect(output).not.toContain(saved?.refreshToken);

    const playlists = runScript('examples/youtube-playlists.ts', { env: localEnv(tokenFile) });
    expect(await playlists.exit).toBe(0);
    const listed = playlists.output();
    for (let index = 1; index <= 7; index += 1) expect(listed).toContain(`PLfakeMyPlaylist000${index}  My playlist ${index}`);
    expect(listed).toContain('0. OAuth 2.0 explained');
    expect(listed).toMatch(/Quota used: 2 units/);
    expect(listed).not.toContain('/authorize?');
  }, 40_000);

  it('youtube-playlists.ts explains what to do when nothing is stored', async () => {
    const tokenFile = join(await mkdtemp(join(tmpdir(), 'oauthflow-youtube-example-')), 'none.json');
    const run = runScript('examples/youtube-playlists.ts', { env: localEnv(tokenFile) });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain('run examples/youtube-authorize.ts');
  });

  it("youtube-subscriptions.ts (python-youtube's get_subscription_with_oauth.py) authorizes read-only and saves every subscription", async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'oauthflow-youtube-example-'));
    const run = runScript('examples/youtube-subscriptions.ts', { env: { ...localEnv(join(outputDir, 'unused.json')), OAUTHFLOW_OUTPUT_DIR: outputDir } });
    const [url] = await run.waitFor(/http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/);
    expect(new URL(url).searchParams.get('scope')).toBe('https://www.googleapis.com/auth/youtube.readonly');
    await run.waitFor(/Copy the whole url/);
    run.child.stdin.write(`${await server.authorize(url)}\n`);
    const code = await run.exit;
    expect(code, run.output()).toBe(0);
    const saved = JSON.parse(await readFile(join(outputDir, 'subscriptions.json'), 'utf8')) as { items: Array<{ snippet: { title: string } }> };
    expect(saved.items.map((item) => item.snippet.title).sort()).toEqual(['Cooking With Fakes', 'Fake Science Daily', 'Lo-fi Fake Beats']);
    expect(run.output()).toContain('Finished: 3 subscriptions');
  }, 40_000);
});

describe("python-youtube's usage examples, ported", () => {
  it('youtube-channel-videos.ts (channel_videos.py): channel → uploads playlist → videos → videos.json, with an API key', async () => {
    const outputDir = await mkdtemp(join(tmpdir(), 'oauthflow-youtube-example-'));
    const run = runScript('examples/youtube-channel-videos.ts', { env: openEnv(outputDir), args: ['Fake Science Daily'] });
    expect(await run.exit).toBe(0);
    const lines = (await readFile(join(outputDir, 'videos.json'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; snippet: { channelId: string } });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((video) => video.snippet.channelId === 'UCfakeOtherChannel000002')).toBe(true);
    expect(run.output()).toMatch(/\d+ videos written to .*videos\.json/);
    expect(open.requests.some((request) => request.query.some(([name, value]) => name === 'key' && value === 'AIza-example-key'))).toBe(true);
  });

  it('youtube-videos-by-search.ts (get_all_videos_id_with_channel_by_search.py): follows nextPageToken over every search page', async () => {
    const run = runScript('examples/youtube-videos-by-search.ts', { env: openEnv(tmpdir()), args: ['UCfakeMyChannel0000000001', '2'] });
    expect(await run.exit).toBe(0);
    const output = run.output();
    for (const id of ['fakeVideo01', 'fakeVideo02', 'fakeVideo03', 'fakeVideo07', 'fakeVideo08', 'fakeVideo12', 'fakeLive0001']) expect(output).toContain(id);
    expect(output).toMatch(/7 videos; search calls: [4-9]/);
  });

  it('youtube-upload-video.ts (clients/upload_video.py): a resumable upload with progress, byte-exact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oauthflow-youtube-example-'));
    const file = join(dir, 'target_video.mp4');
    const bytes = randomBytes(3 * 256 * 1024 + 100);
    await writeFile(file, bytes);
    const run = runScript('examples/youtube-upload-video.ts', { env: openEnv(dir), args: [file] });
    expect(await run.exit).toBe(0);
    const output = run.output();
    expect(output).toContain('Uploading video progress: 33%...');
    const id = /Video id (\S+) was successfully uploaded/.exec(output)?.[1];
    expect(
      open
        .uploads()
        .find((upload) => upload.resourceId === id)
        ?.bytes?.equals(bytes),
    ).toBe(true);
  });
});

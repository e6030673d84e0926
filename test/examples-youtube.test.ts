import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import { startAuthorizationServer, startFakeYouTube, type AuthorizationServer, type FakeYouTube } from '@oauthflow/testing';
import { YOUTUBE_SCOPES } from '@oauthflow/youtube';
import { runScript } from './helpers/run-script.js';

let server: AuthorizationServer;
let youtube: FakeYouTube;

beforeAll(async () => {
  server = await startAuthorizationServer({ scopes: [...YOUTUBE_SCOPES] });
  youtube = await startFakeYouTube({ authorizationServer: server });
});
afterAll(async () => {
  await youtube?.close();
  await server?.close();
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
});

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, FileStorage, NoCredentialsError } from '@oauthflow/core';
import { startFakeYouTube, startGoogleEmulator, type FakeYouTube, type GoogleEmulator } from '@oauthflow/testing';
import { AccessToken, Api, googleProvider, GOOGLE_ENDPOINTS, YOUTUBE_SCOPES, type ApiOptions } from '@oauthflow/youtube';
import { startLocalGoogle, type LocalGoogle } from './helpers.js';

let local: LocalGoogle;
/** Google's own behaviour (one revocation ends the grant, the token sent alone) needs the emulator. */
let google: GoogleEmulator;
let googleYouTube: FakeYouTube;

beforeAll(async () => {
  local = await startLocalGoogle();
  google = await startGoogleEmulator({ accessTokenTtl: 3600 });
  googleYouTube = await startFakeYouTube({ validateToken: google.validateToken });
});
afterAll(async () => {
  await Promise.all([local?.close(), google?.close(), googleYouTube?.close()]);
});

function apiOptions(extra: Partial<ApiOptions> = {}): ApiOptions {
  return {
    clientId: local.server.clients.confidential.client_id,
    clientSecret: local.server.clients.confidential.client_secret,
    endpoints: local.endpoints,
    baseURL: local.youtube.baseURL,
    ...extra,
  };
}

describe('the python-youtube authorization guide, against local servers', () => {
  it('authorization URL → paste the redirect URL → token → playlists → profile → refresh → revoke', async () => {
    // In [2]: api = Api(client_id=..., client_secret=...)
    const api = new Api({
      clientId: google.clients.web.client_id,
      clientSecret: google.clients.web.client_secret,
      endpoints: { ...google.endpoints, userinfo: googleYouTube.userinfoURL },
      baseURL: googleYouTube.baseURL,
    });
    // In [3]: api.get_authorization_url()
    const { url, state } = await api.getAuthorizationUrl();
    const query = new URL(url).searchParams;
    expect(url.startsWith(google.endpoints.authorization)).toBe(true);
    expect(Object.fromEntries(query)).toMatchObject({
      response_type: 'code',
      redirect_uri: 'https://localhost/',
      scope: YOUTUBE_SCOPES.join(' '),
      access_type: 'offline',
      prompt: 'consent',
      state,
      code_challenge_method: 'S256',
    });
    // The user allows, lands on https://localhost/?code=…, and copies the whole URL.
    const redirect = await google.authorize(url);
    expect(redirect.startsWith('https://localhost/?state=')).toBe(true);
    // In [4]: token = api.generate_access_token(authorization_response="the whole url")
    const token = await api.generateAccessToken({ authorizationResponse: redirect });
    expect(token).toBeInstanceOf(AccessToken);
    expect(token).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.any(String) });
    // In [5]: token  → shows no secret
    expect(inspect(token)).toBe("AccessToken(token_type='Bearer', expires_in=3600, refresh_token=yes)");
    expect(String(token)).not.toContain(token.accessToken);
    expect(token.toJSON()).toMatchObject({ access_token: token.accessToken, expires_in: 3600, token_type: 'Bearer' });
    // In [6]: playlists = api.get_playlists(mine=True)
    const playlists = await api.getPlaylists({ mine: true });
    expect(playlists.items?.map((playlist) => playlist.kind)).toEqual(Array(5).fill('youtube#playlist'));
    expect(playlists.items?.[0]).toMatchObject({ id: 'PLfakeMyPlaylist0001', snippet: { title: 'My playlist 1' } });
    expect(playlists.nextPageToken).toBeTruthy();
    const everything = await api.getPlaylists({ mine: true, count: null, limit: 3 });
    expect(everything.items).toHaveLength(7);
    expect(everything.nextPageToken).toBeUndefined();
    // In [8]: profile = api.get_profile()
    const profile = await api.getProfile();
    const user = google.validateToken(token.accessToken) as { sub: string };
    expect(profile).toMatchObject({ id: user.sub, name: 'Test User' });
    // More of python-youtube's reads.
    const channel = await api.getChannelInfo({ mine: true });
    expect(channel.items?.[0]).toMatchObject({ id: googleYouTube.myChannelId, snippet: { title: 'Test User Channel' } });
    const videos = await api.getVideoById({ videoId: ['fakeVideo01', 'fakeVideo02'] });
    expect(videos.items?.map((video) => video.id)).toEqual(['fakeVideo01', 'fakeVideo02']);
    const found = await api.search({ q: 'token', searchType: 'video', count: 3 });
    expect(found.items?.length).toBeGreaterThan(0);
    expect(found.items?.every((item) => item.id?.kind === 'youtube#video')).toBe(true);
    // Refresh and revoke.
    const refreshed = await api.refreshToken();
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    expect((await api.getProfile()).id).toBe(user.sub);
    // One revocation (the refresh token, alone, as Google wants it) ends the grant.
    google.resetStats();
    await api.revokeToken();
    expect(google.stats().revocation).toEqual({ ok: 1, invalidToken: 0, withClientAuthentication: 0 });
    await expect(api.getProfile()).rejects.toBeInstanceOf(NoCredentialsError);
    expect(google.validateToken(refreshed.accessToken)).toBeUndefined();
    await expect(api.revokeToken()).resolves.toBeUndefined();
  });

  it('keeps tokens in a FileStorage: a new Api reads them without authorizing again', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'oauthflow-api-')), 'tokens.json');
    const first = new Api(apiOptions({ storage: new FileStorage(path) }));
    const { url } = await first.getAuthorizationUrl();
    await first.generateAccessToken({ authorizationResponse: await local.server.authorize(url) });
    const second = new Api(apiOptions({ storage: new FileStorage(path) }));
    expect((await second.getPlaylists({ mine: true, count: 2 })).items).toHaveLength(2);
  });

  it('works with a bare access token or an API key, like python-youtube', async () => {
    const api = new Api(apiOptions());
    const { url } = await api.getAuthorizationUrl();
    const token = await api.generateAccessToken({ authorizationResponse: await local.server.authorize(url) });
    const byToken = new Api({ accessToken: token.accessToken, baseURL: local.youtube.baseURL, endpoints: { userinfo: local.youtube.userinfoURL } });
    expect((await byToken.getProfile()).id).toBe('test-user');
    await expect(byToken.getAuthorizationUrl()).rejects.toBeInstanceOf(ConfigurationError);
    const byKey = new Api({ apiKey: 'AIzaSy-public-key-0000', baseURL: local.youtube.baseURL });
    expect((await byKey.getVideoById({ videoId: 'fakeVideo03' })).items?.[0]?.snippet?.title).toBe('Refresh tokens');
  });

  it('checks its arguments', async () => {
    expect(() => new Api({})).toThrow(ConfigurationError);
    const api = new Api(apiOptions());
    await expect(api.getPlaylists({})).rejects.toThrow(/getPlaylists: give exactly one of channelId, mine/);
    await expect(api.search({ query: 'typo' } as never)).rejects.toThrow(/unknown option "query"/);
    await expect(api.generateAccessToken({})).rejects.toThrow(/authorizationResponse/);
  });
});

describe('googleProvider', () => {
  it('is Google by default, every endpoint overridable', () => {
    const google = googleProvider({ clientId: 'id.apps.googleusercontent.com', clientSecret: 's' });
    expect(google.required).toEqual({
      client_id: 'id.apps.googleusercontent.com',
      client_secret: 's',
      auth_uri: 'https://accounts.google.com/o/oauth2/v2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      revoke_uri: 'https://oauth2.googleapis.com/revoke',
      device_uri: 'https://oauth2.googleapis.com/device/code',
      scope: ['https://www.googleapis.com/auth/youtube', 'https://www.googleapis.com/auth/userinfo.profile'],
      redirect_uri: 'https://localhost/',
    });
    expect(google.extraAuth).toEqual({ access_type: 'offline', prompt: 'consent' });
    expect(google.endpoints.userinfo).toBe(GOOGLE_ENDPOINTS.userinfo);
    const local = googleProvider({ clientId: 'x', endpoints: { token: 'http://127.0.0.1:1/token', userinfo: undefined } });
    expect(local.required.token_uri).toBe('http://127.0.0.1:1/token');
    expect(local.endpoints.userinfo).toBe('https://openidconnect.googleapis.com/v1/userinfo');
  });
});

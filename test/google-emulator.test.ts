import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Credentials, MemoryStorage, NoCredentialsError, OAuth2APIRequest, OAuth2AuthorizationFlow, type FlowOptions } from '@oauthflow/core';
import { startFakeYouTube, startGoogleEmulator, type GoogleEmulator } from '@oauthflow/testing';
import { Api, createGoogleFlow, googleProvider } from '@oauthflow/youtube';

// The whole life of a Google grant through the public API, against the emulator of Google's endpoints.
let google: GoogleEmulator;

beforeAll(async () => {
  google = await startGoogleEmulator({ accessTokenTtl: 3599, deviceInterval: 1 });
});
afterAll(async () => {
  await google?.close();
});

const SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/youtube'];

function desktopFlow(options: FlowOptions & { accessType?: 'offline' | 'online'; prompt?: string } = {}): OAuth2AuthorizationFlow {
  const { client_id, client_secret } = google.clients.desktop;
  return createGoogleFlow({
    clientId: client_id,
    clientSecret: client_secret,
    redirectUri: 'http://127.0.0.1/callback',
    scopes: SCOPES,
    endpoints: google.endpoints,
    storage: new MemoryStorage(),
    ...options,
  });
}

async function authorize(flow: OAuth2AuthorizationFlow): Promise<Credentials> {
  const { url, state } = await flow.getAuthorizationUrl();
  return flow.exchangeCode(await google.authorize(url), { state });
}

describe('Google emulator, through the flow', () => {
  it('authorize → refresh (old refresh token kept) → revoke() once → store empty → second revoke() resolves', async () => {
    const storage = new MemoryStorage();
    const flow = desktopFlow({ storage });
    const first = await authorize(flow);
    expect(first.refreshToken).toMatch(/^1\/\//);
    expect(first.scope).toEqual(expect.arrayContaining(['openid', 'https://www.googleapis.com/auth/userinfo.email']));
    // An app in testing: refresh tokens live 7 days, and the flow keeps that as refreshTokenExpiresAt.
    const sevenDays = Date.now() + 7 * 24 * 3600 * 1000;
    expect(Math.abs((first.refreshTokenExpiresAt?.getTime() ?? 0) - sevenDays)).toBeLessThan(5_000);

    const refreshed = await flow.refresh();
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.refreshToken).toBe(first.refreshToken);
    expect(refreshed.refreshTokenExpiresAt).toBeDefined();
    const stored = await storage.get();
    expect(stored?.refreshToken).toBe(first.refreshToken);
    expect(stored?.refreshTokenExpiresAt?.getTime()).toBe(refreshed.refreshTokenExpiresAt?.getTime());
    expect(await new OAuth2APIRequest(flow).request<{ email: string }>(google.endpoints.userinfo)).toMatchObject({ email: 'test.user@gmail.com' });

    google.resetStats();
    await flow.revoke();
    expect(google.stats().revocation).toEqual({ ok: 1, invalidToken: 0, withClientAuthentication: 0 });
    expect(await storage.get()).toBeUndefined();
    await expect(flow.getAccessToken()).rejects.toBeInstanceOf(NoCredentialsError);
    // The grant is over: the access token and the refresh token are dead at Google.
    expect((await fetch(google.endpoints.userinfo, { headers: { authorization: `Bearer ${refreshed.accessToken}` } })).status).toBe(401);

    await expect(flow.revoke()).resolves.toBeUndefined();
  });

  it('revoke() resolves when Google says the grant was already revoked (invalid_token), and clears the store', async () => {
    const storage = new MemoryStorage();
    const flow = desktopFlow({ storage });
    const credentials = await authorize(flow);
    // Revoked elsewhere (the user at myaccount.google.com): Google answers 400 invalid_token now.
    const outside = await fetch(`${google.endpoints.revocation}?token=${encodeURIComponent(credentials.accessToken)}`, { method: 'POST' });
    expect(outside.status).toBe(200);
    google.resetStats();
    await flow.revoke();
    expect(google.stats().revocation.invalidToken).toBe(1);
    expect(await storage.get()).toBeUndefined();
  });

  it('a flow without the preset (RFC 7009 style, client authenticated) still revokes once', async () => {
    const { client_id, client_secret } = google.clients.desktop;
    const preset = googleProvider({
      clientId: client_id,
      clientSecret: client_secret,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: SCOPES,
      endpoints: google.endpoints,
    });
    const flow = new OAuth2AuthorizationFlow(preset.required, preset.extraAuth, preset.extraToken, { storage: new MemoryStorage() });
    await authorize(flow);
    google.resetStats();
    await flow.revoke();
    expect(google.stats().revocation).toEqual({ ok: 1, invalidToken: 0, withClientAuthentication: 1 });
  });

  it('device flow: verification_url, client_id in the body under Basic authentication, 428 while waiting, then tokens', async () => {
    const { client_id, client_secret } = google.clients.tv;
    const storage = new MemoryStorage();
    const flow = createGoogleFlow({ clientId: client_id, clientSecret: client_secret, scopes: ['openid', 'email'], endpoints: google.endpoints, storage });
    const device = await flow.deviceAuthorization();
    expect(device.verificationUri).toBe(`${google.issuer}/device`);
    expect(device.userCode).toMatch(/^[A-Z]{3}-[A-Z]{3}-[A-Z]{3}$/);
    expect(device.interval).toBe(1);
    const polled = device.poll();
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await google.approveDevice(device.userCode);
    const credentials = await polled;
    expect(google.stats().tokenErrors['authorization_pending']).toBeGreaterThanOrEqual(1);
    expect(google.stats().tokenErrors['slow_down']).toBeUndefined();
    expect(credentials.refreshToken).toBeDefined();
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
    await flow.revoke();
    expect(await storage.get()).toBeUndefined();
  });

  it('without offline access no refresh token comes, and refresh() says how to ask for one', async () => {
    const flow = desktopFlow({ accessType: 'online' });
    const credentials = await authorize(flow);
    expect(credentials.refreshToken).toBeUndefined();
    const error = await flow.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as Error).message).toMatch(/issued no refresh token \(the access token stays valid until/);
    expect((error as Error).message).toMatch(/access_type=offline with prompt=consent/);
    expect((error as Error).message).not.toContain(credentials.accessToken);
  });
});

describe("python-youtube's Api against the emulator and the fake YouTube API", () => {
  it('authorizes with the default redirect, calls the API with emulator-issued tokens, revokes twice', async () => {
    const youtube = await startFakeYouTube({ validateToken: google.validateToken });
    try {
      const storage = new MemoryStorage();
      const api = new Api({
        clientId: google.clients.web.client_id,
        clientSecret: google.clients.web.client_secret,
        storage,
        endpoints: google.endpoints,
        baseURL: youtube.baseURL,
        uploadBaseURL: youtube.uploadBaseURL,
      });
      const { url } = await api.getAuthorizationUrl();
      expect(new URL(url).searchParams.get('redirect_uri')).toBe('https://localhost/');
      await api.generateAccessToken({ authorizationResponse: await google.authorize(url) });
      expect((await api.getProfile()).name).toBe('Test User');
      const playlists = await api.getPlaylists({ mine: true });
      expect(playlists.items?.length).toBeGreaterThan(0);
      google.resetStats();
      await api.revokeToken();
      expect(google.stats().revocation).toEqual({ ok: 1, invalidToken: 0, withClientAuthentication: 0 });
      expect(await storage.get()).toBeUndefined();
      await expect(api.revokeToken()).resolves.toBeUndefined();
    } finally {
      await youtube.close();
    }
  });
});

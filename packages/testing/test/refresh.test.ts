import { afterEach, describe, expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.js';
import type { AuthorizationServer, AuthorizationServerOptions } from '../src/index.js';
import { callApi, field, postForm, publicAuth, publicCodeFlow } from './helpers.js';

let server: AuthorizationServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options?: AuthorizationServerOptions): Promise<AuthorizationServer> {
  server = await startAuthorizationServer(options);
  return server;
}

function refresh(s: AuthorizationServer, refreshToken: string) {
  return postForm(s.endpoints.token, { grant_type: 'refresh_token', refresh_token: refreshToken }, publicAuth(s));
}

describe('refresh with rotation (default)', () => {
  it('returns a new refresh token and refuses the consumed one, then revokes the grant', async () => {
    const s = await start();
    const first = await publicCodeFlow(s);
    const oldRefresh = field(first.json, 'refresh_token');

    const refreshed = await refresh(s, oldRefresh);
    expect(refreshed.status).toBe(200);
    const newRefresh = field(refreshed.json, 'refresh_token');
    expect(newRefresh).not.toBe(oldRefresh);
    const newAccess = field(refreshed.json, 'access_token');
    expect(newAccess).not.toBe(field(first.json, 'access_token'));
    expect((await callApi(s, newAccess)).status).toBe(200);

    const reuse = await refresh(s, oldRefresh);
    expect(reuse.status).toBe(400);
    expect(reuse.json.error).toBe('invalid_grant');

    // Reuse detection revoked the whole grant: the newest tokens are dead too.
    expect((await refresh(s, newRefresh)).json.error).toBe('invalid_grant');
    expect((await callApi(s, newAccess)).status).toBe(401);
  });

  it('keeps rotating across several refreshes', async () => {
    const s = await start();
    let refreshToken = field((await publicCodeFlow(s)).json, 'refresh_token');
    const seen = new Set([refreshToken]);
    for (let i = 0; i < 3; i += 1) {
      const next = await refresh(s, refreshToken);
      expect(next.status).toBe(200);
      refreshToken = field(next.json, 'refresh_token');
      expect(seen.has(refreshToken)).toBe(false);
      seen.add(refreshToken);
    }
  });
});

describe('refresh without rotation', () => {
  it('rotateRefreshTokens: false returns the same refresh token, which keeps working', async () => {
    const s = await start({ rotateRefreshTokens: false });
    const refreshToken = field((await publicCodeFlow(s)).json, 'refresh_token');
    for (let i = 0; i < 2; i += 1) {
      const next = await refresh(s, refreshToken);
      expect(next.status).toBe(200);
      expect(next.json.refresh_token).toBe(refreshToken);
    }
  });

  it('omitRefreshTokenOnRefresh: no refresh_token field, and the old one keeps working', async () => {
    const s = await start({ omitRefreshTokenOnRefresh: true });
    const first = await publicCodeFlow(s);
    expect(first.json.refresh_token).toEqual(expect.any(String));
    const refreshToken = field(first.json, 'refresh_token');
    for (let i = 0; i < 2; i += 1) {
      const next = await refresh(s, refreshToken);
      expect(next.status).toBe(200);
      expect('refresh_token' in next.json).toBe(false);
      expect((await callApi(s, field(next.json, 'access_token'))).status).toBe(200);
    }
  });

  it('refuses omitRefreshTokenOnRefresh together with rotation', async () => {
    await expect(startAuthorizationServer({ omitRefreshTokenOnRefresh: true, rotateRefreshTokens: true })).rejects.toThrow(/rotateRefreshTokens/);
  });
});

describe('lifetimes', () => {
  it('the access token expires exactly after accessTokenTtl', async () => {
    const s = await start({ accessTokenTtl: 1 });
    const tokens = await publicCodeFlow(s);
    expect(tokens.json.expires_in).toBe(1);
    const accessToken = field(tokens.json, 'access_token');
    expect((await callApi(s, accessToken)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const expired = await callApi(s, accessToken);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');

    // The refresh token still works and brings a fresh access token.
    const next = await refresh(s, field(tokens.json, 'refresh_token'));
    expect((await callApi(s, field(next.json, 'access_token'))).status).toBe(200);
  });

  it('the refresh token expires after refreshTokenTtl', async () => {
    const s = await start({ refreshTokenTtl: 1 });
    const refreshToken = field((await publicCodeFlow(s)).json, 'refresh_token');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await refresh(s, refreshToken)).json.error).toBe('invalid_grant');
  });

  it('rejects malformed options', async () => {
    await expect(startAuthorizationServer({ accessTokenTtl: 0 })).rejects.toThrow(RangeError);
    await expect(startAuthorizationServer({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(startAuthorizationServer({ scopes: ['two words'] })).rejects.toThrow(TypeError);
  });

  it('accepts extra scopes', async () => {
    const s = await start({ scopes: ['calendar'] });
    const tokens = await publicCodeFlow(s, 'calendar api:write');
    expect(tokens.json.scope).toBe('calendar api:write');
  });
});

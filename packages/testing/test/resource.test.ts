import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.js';
import type { AuthorizationServer } from '../src/index.js';
import { callApi, confidentialAuth, field, postForm, publicAuth, publicCodeFlow } from './helpers.js';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(() => server.close());

describe('protected resource /api/me', () => {
  it('401 without a token, with a WWW-Authenticate challenge but no error code', async () => {
    const { status, headers, json } = await callApi(server);
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe(`Bearer realm="${server.issuer}"`);
    expect(json.error).toBe('unauthorized');
  });

  it('401 with a bad token, with error="invalid_token"', async () => {
    const { status, headers, json } = await callApi(server, 'not-a-token');
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+", error="invalid_token", error_description="[^"]+"$/);
    expect(json.error).toBe('invalid_token');
  });

  it('refuses refresh tokens and non-Bearer schemes', async () => {
    const tokens = await publicCodeFlow(server);
    expect((await callApi(server, field(tokens.json, 'refresh_token'))).status).toBe(401);
    const basic = await fetch(server.endpoints.api, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(basic.status).toBe(401);
  });

  it("tokens do not vanish under load (no LRU like oidc-provider's default adapter)", async () => {
    const first = await postForm(server.endpoints.token, { grant_type: 'client_credentials' }, confidentialAuth(server));
    for (let batch = 0; batch < 12; batch += 1) {
      const calls = Array.from({ length: 100 }, () => postForm(server.endpoints.token, { grant_type: 'client_credentials' }, confidentialAuth(server)));
      expect((await Promise.all(calls)).every((call) => call.status === 200)).toBe(true);
    }
    expect((await callApi(server, field(first.json, 'access_token'))).status).toBe(200);
  });

  it('200 with a good token', async () => {
    const tokens = await publicCodeFlow(server);
    const { status, json } = await callApi(server, field(tokens.json, 'access_token'));
    expect(status).toBe(200);
    expect(json).toEqual({ sub: 'test-user', scope: 'openid api:read', client_id: 'public-client' });
  });
});

describe('revocation', () => {
  it('revoking the access token makes the API answer 401', async () => {
    const tokens = await publicCodeFlow(server);
    const accessToken = field(tokens.json, 'access_token');
    const before = server.stats().revocation;
    const revoked = await postForm(server.endpoints.revocation, { token: accessToken, token_type_hint: 'access_token' }, publicAuth(server));
    expect(revoked.status).toBe(200);
    expect(server.stats().revocation).toBe(before + 1);
    expect((await callApi(server, accessToken)).status).toBe(401);
    // oidc-provider revokes every token of the grant, the refresh token included.
    const refreshed = await postForm(
      server.endpoints.token,
      { grant_type: 'refresh_token', refresh_token: field(tokens.json, 'refresh_token') },
      publicAuth(server),
    );
    expect(refreshed.json.error).toBe('invalid_grant');
  });

  it('revoking the refresh token revokes the whole grant', async () => {
    const tokens = await publicCodeFlow(server);
    await postForm(server.endpoints.revocation, { token: field(tokens.json, 'refresh_token') }, publicAuth(server));
    expect((await callApi(server, field(tokens.json, 'access_token'))).status).toBe(401);
  });

  it('revoking an unknown token still answers 200 (RFC 7009)', async () => {
    const { status } = await postForm(server.endpoints.revocation, { token: 'unknown' }, confidentialAuth(server));
    expect(status).toBe(200);
  });

  it('revokeAll() kills every token', async () => {
    const tokens = await publicCodeFlow(server);
    const clientToken = await postForm(server.endpoints.token, { grant_type: 'client_credentials' }, confidentialAuth(server));
    await server.revokeAll();
    expect((await callApi(server, field(tokens.json, 'access_token'))).status).toBe(401);
    expect((await callApi(server, field(clientToken.json, 'access_token'))).status).toBe(401);
    const refreshed = await postForm(
      server.endpoints.token,
      { grant_type: 'refresh_token', refresh_token: field(tokens.json, 'refresh_token') },
      publicAuth(server),
    );
    expect(refreshed.json.error).toBe('invalid_grant');
    // The server still works afterwards.
    expect((await publicCodeFlow(server)).status).toBe(200);
  });
});

describe('introspection', () => {
  it('describes live tokens and reports revoked ones as inactive', async () => {
    const tokens = await publicCodeFlow(server);
    const accessToken = field(tokens.json, 'access_token');
    const before = server.stats().introspection;

    const live = await postForm(server.endpoints.introspection, { token: accessToken }, confidentialAuth(server));
    expect(live.status).toBe(200);
    expect(live.json).toMatchObject({ active: true, client_id: 'public-client', sub: 'test-user', scope: 'openid api:read', token_type: 'Bearer' });

    const refresh = await postForm(server.endpoints.introspection, { token: field(tokens.json, 'refresh_token') }, publicAuth(server));
    expect(refresh.json).toMatchObject({ active: true, client_id: 'public-client', sub: 'test-user' });
    expect(refresh.json.token_type).toBeUndefined();

    await postForm(server.endpoints.revocation, { token: accessToken }, publicAuth(server));
    const dead = await postForm(server.endpoints.introspection, { token: accessToken }, confidentialAuth(server));
    expect(dead.json).toEqual({ active: false });
    expect(server.stats().introspection).toBe(before + 3);
  });
});

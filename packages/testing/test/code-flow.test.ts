import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer } from '../src/index.js';
import type { AuthorizationServer } from '../src/index.js';
import { REDIRECT_URI, authorizationUrl, callApi, confidentialAuth, field, getJson, pkce, postForm, publicAuth, publicCodeFlow } from './helpers.js';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(() => server.close());

function codeOf(redirect: string): string {
  return new URL(redirect).searchParams.get('code') ?? '';
}

describe('discovery', () => {
  it('serves the OpenID configuration with the advertised endpoints', async () => {
    expect(server.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await getJson(`${server.issuer}/.well-known/openid-configuration`);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      issuer: server.issuer,
      authorization_endpoint: server.endpoints.authorization,
      token_endpoint: server.endpoints.token,
      revocation_endpoint: server.endpoints.revocation,
      introspection_endpoint: server.endpoints.introspection,
      device_authorization_endpoint: server.endpoints.deviceAuthorization,
      userinfo_endpoint: server.endpoints.userinfo,
      jwks_uri: server.endpoints.jwks,
      code_challenge_methods_supported: ['S256'],
    });
    expect(json.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access', 'api:read', 'api:write']));
    expect(json.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']),
    );
  });

  it('also serves it at the RFC 8414 path', async () => {
    const { status, json } = await getJson(`${server.issuer}/.well-known/oauth-authorization-server`);
    expect(status).toBe(200);
    expect(json.token_endpoint).toBe(server.endpoints.token);
  });

  it('publishes a signing key', async () => {
    const { json } = await getJson(server.endpoints.jwks);
    expect(json.keys).toEqual([expect.objectContaining({ kty: 'RSA', use: 'sig' })]);
    expect(JSON.stringify(json)).not.toContain('"d"');
  });
});

describe('authorization code flow', () => {
  it('public client with PKCE: code, original state, tokens, userinfo and API', async () => {
    const { verifier, challenge } = pkce();
    const redirect = await server.authorize(
      authorizationUrl(server, {
        clientId: server.clients.public.client_id,
        challenge,
        state: 'state-123',
        scope: 'openid profile email offline_access api:read',
      }),
    );
    const url = new URL(redirect);
    expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
    expect(url.searchParams.get('state')).toBe('state-123');
    expect(url.searchParams.get('iss')).toBe(server.issuer);

    const tokens = await postForm(
      server.endpoints.token,
      { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: REDIRECT_URI, code_verifier: verifier },
      publicAuth(server),
    );
    expect(tokens.status).toBe(200);
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile email api:read' });
    expect(field(tokens.json, 'refresh_token')).toBeTruthy();
    expect(field(tokens.json, 'id_token').split('.')).toHaveLength(3);

    const accessToken = field(tokens.json, 'access_token');
    const me = await callApi(server, accessToken);
    expect(me.json).toEqual({ sub: 'test-user', scope: 'openid profile email api:read', client_id: 'public-client' });

    const userinfo = await fetch(server.endpoints.userinfo, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(await userinfo.json()).toEqual({ sub: 'test-user', name: 'Test User', email: 'test@example.com', email_verified: true });
  });

  it.each(['basic', 'post'] as const)('confidential client with client_secret_%s', async (method) => {
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.confidential.client_id }));
    const tokens = await postForm(
      server.endpoints.token,
      { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: REDIRECT_URI },
      confidentialAuth(server, method),
    );
    expect(tokens.status).toBe(200);
    expect((await callApi(server, field(tokens.json, 'access_token'))).json.client_id).toBe('confidential-client');
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const wrong = { ...confidentialAuth(server), secret: 'nope' };
    const { status, json } = await postForm(server.endpoints.token, { grant_type: 'client_credentials' }, wrong);
    expect(status).toBe(401);
    expect(json.error).toBe('invalid_client');
  });

  it('a code is single-use', async () => {
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.confidential.client_id }));
    const form = { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: REDIRECT_URI };
    expect((await postForm(server.endpoints.token, form, confidentialAuth(server))).status).toBe(200);
    const again = await postForm(server.endpoints.token, form, confidentialAuth(server));
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
  });

  it('deny sends error=access_denied with the original state', async () => {
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.confidential.client_id, state: 'st' }), { deny: true });
    const url = new URL(redirect);
    expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('state')).toBe('st');
    expect(url.searchParams.has('code')).toBe(false);
  });
});

describe('redirect URIs', () => {
  it.each(['http://127.0.0.1:54321/callback', 'http://localhost:8080/callback', 'http://127.0.0.1/callback', 'https://localhost/'])(
    'accepts %s',
    async (redirectUri) => {
      const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.confidential.client_id, redirectUri }));
      expect(redirect.startsWith(redirectUri)).toBe(true);
      const tokens = await postForm(
        server.endpoints.token,
        { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: redirectUri },
        confidentialAuth(server),
      );
      expect(tokens.status).toBe(200);
    },
  );

  it.each(['http://127.0.0.1:54321/other', 'https://evil.example/callback', 'http://localhost:1/'])('refuses %s without redirecting', async (redirectUri) => {
    const url = authorizationUrl(server, { clientId: server.clients.confidential.client_id, redirectUri });
    await expect(server.authorize(url)).rejects.toThrow(/redirect_uri/);
  });

  it('refuses a token request whose redirect_uri differs from the authorization request', async () => {
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.confidential.client_id }));
    const { json } = await postForm(
      server.endpoints.token,
      { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: 'http://127.0.0.1:54322/callback' },
      confidentialAuth(server),
    );
    expect(json.error).toBe('invalid_grant');
  });
});

describe('PKCE', () => {
  it('the public client must send a code_challenge', async () => {
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.public.client_id }));
    const url = new URL(redirect);
    expect(url.searchParams.get('error')).toBe('invalid_request');
    expect(url.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it.each([
    ['a wrong verifier', 'x'.repeat(43)],
    ['a missing verifier', undefined],
  ])('refuses %s with invalid_grant', async (_label, verifier) => {
    const { challenge } = pkce();
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.public.client_id, challenge }));
    const form: Record<string, string> = { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: REDIRECT_URI };
    if (verifier) form.code_verifier = verifier;
    const { status, json } = await postForm(server.endpoints.token, form, publicAuth(server));
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_grant');
  });

  it('a confidential client that sent a challenge must send the verifier', async () => {
    const { challenge } = pkce();
    const redirect = await server.authorize(authorizationUrl(server, { clientId: server.clients.confidential.client_id, challenge }));
    const { json } = await postForm(
      server.endpoints.token,
      { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: REDIRECT_URI },
      confidentialAuth(server),
    );
    expect(json.error).toBe('invalid_grant');
  });
});

describe('client credentials', () => {
  it('works for the confidential client and the token reaches the API', async () => {
    const { status, json } = await postForm(
      server.endpoints.token,
      { grant_type: 'client_credentials', scope: 'api:read api:write' },
      confidentialAuth(server, 'post'),
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: 'Bearer', scope: 'api:read api:write', expires_in: 3600 });
    expect(json.refresh_token).toBeUndefined();
    const me = await callApi(server, field(json, 'access_token'));
    expect(me.json).toEqual({ sub: 'confidential-client', scope: 'api:read api:write', client_id: 'confidential-client' });
  });

  it('is refused for the public client (oidc-provider says invalid_request, not unauthorized_client)', async () => {
    const { status, json } = await postForm(server.endpoints.token, { grant_type: 'client_credentials' }, publicAuth(server));
    expect(status).toBe(400);
    expect(json).toEqual({ error: 'invalid_request', error_description: 'requested grant type is not allowed for this client' });
  });
});

it('keeps offline_access in the granted scope only with prompt=consent; refresh tokens come either way', async () => {
  const url = new URL(authorizationUrl(server, { clientId: server.clients.confidential.client_id }));
  url.searchParams.set('prompt', 'consent');
  const redirect = await server.authorize(url.href);
  const tokens = await postForm(
    server.endpoints.token,
    { grant_type: 'authorization_code', code: codeOf(redirect), redirect_uri: REDIRECT_URI },
    confidentialAuth(server),
  );
  expect(tokens.json.scope).toBe('openid offline_access api:read');
  const refreshed = await postForm(
    server.endpoints.token,
    { grant_type: 'refresh_token', refresh_token: field(tokens.json, 'refresh_token') },
    confidentialAuth(server),
  );
  expect(refreshed.json).toMatchObject({ scope: 'openid offline_access api:read', id_token: expect.any(String) });
});

it('publicCodeFlow helper smoke test: refresh token issued without offline_access', async () => {
  const tokens = await publicCodeFlow(server, 'api:read');
  expect(tokens.status).toBe(200);
  expect(field(tokens.json, 'refresh_token')).toBeTruthy();
  expect(tokens.json.id_token).toBeUndefined();
});

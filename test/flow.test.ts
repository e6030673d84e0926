import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APIRequestError,
  Credentials,
  MemoryStorage,
  NoCredentialsError,
  OAuth2APIRequest,
  OAuth2Error,
  StateMismatchError,
  type PendingAuthorization,
} from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { authorize, callApi, makeFlow, refreshDirectly, sleep } from './helpers/flow-fixtures.js';
import { SecretWatch } from './helpers/secrets.js';

let server: AuthorizationServer;
const watch = new SecretWatch();

beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 2 });
  watch.add(server.clients.confidential.client_secret);
});
afterAll(async () => {
  await server?.close();
});

/** Remembers every token a flow sees, so the leak check knows what to look for. */
function watched<T extends { on: (event: 'tokens', fn: (c: Credentials) => void) => unknown }>(flow: T): T {
  flow.on('tokens', (c) => watch.add(c.accessToken, c.refreshToken, c.idToken));
  return flow;
}

describe('authorization code flow against a real server', () => {
  it('runs the whole flow with a confidential client (client_secret_basic) and stores the result', async () => {
    const storage = new MemoryStorage();
    const flow = watched(makeFlow(server, { storage }));
    const { credentials, redirect } = await authorize(server, flow);
    watch.add(new URL(redirect).searchParams.get('code') ?? undefined);
    expect(credentials.refreshToken).toBeDefined();
    expect(credentials.scope).toEqual(expect.arrayContaining(['openid', 'api:read']));
    expect((await storage.get())?.accessToken).toBe(credentials.accessToken);
    expect(await new OAuth2APIRequest(flow).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
  });

  it('works with client_secret_post and with a public client (PKCE only)', async () => {
    const post = watched(makeFlow(server, { clientAuthentication: 'client_secret_post' }));
    expect((await authorize(server, post)).credentials.accessToken).toBeTruthy();
    const pub = watched(makeFlow(server, { client: 'public' }));
    const { credentials } = await authorize(server, pub);
    expect(await callApi(server, credentials.accessToken)).toBe(200);
  });

  it('sends state and an S256 PKCE challenge in the authorization URL', async () => {
    const flow = makeFlow(server);
    const { url, state } = await flow.getAuthorizationUrl();
    const query = new URL(url).searchParams;
    expect(query.get('state')).toBe(state);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('access_type')).toBe('offline');
    expect(query.get('scope')).toBe('openid offline_access api:read');
  });

  it('refuses a forged state and a reused one', async () => {
    const flow = watched(makeFlow(server));
    const { url } = await flow.getAuthorizationUrl();
    const redirect = new URL(await server.authorize(url));
    watch.add(redirect.searchParams.get('code') ?? undefined);
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'forged-state-value');
    expect(await watch.catch(flow.exchangeCode(forged.toString()))).toBeInstanceOf(StateMismatchError);
    await flow.exchangeCode(redirect.toString());
    expect(await watch.catch(flow.exchangeCode(redirect.toString()))).toBeInstanceOf(StateMismatchError);
  });

  it('refuses a state that differs from the one the caller expects', async () => {
    const flow = makeFlow(server);
    const first = await flow.getAuthorizationUrl();
    const second = await flow.getAuthorizationUrl();
    const redirect = await server.authorize(second.url);
    expect(await watch.catch(flow.exchangeCode(redirect, { state: first.state }))).toBeInstanceOf(StateMismatchError);
  });

  it.each([
    ['a wrong', (p: PendingAuthorization) => ({ ...p, codeVerifier: `${p.codeVerifier.slice(1)}x` })],
    ['a missing', (p: PendingAuthorization) => ({ ...p, codeVerifier: '' })],
  ])('has the server refuse %s PKCE verifier', async (_, tamper) => {
    class TamperingStorage extends MemoryStorage {
      override async takePending(state: string) {
        const pending = await super.takePending(state);
        return pending && tamper(pending);
      }
    }
    const storage = new TamperingStorage();
    const flow = makeFlow(server, { storage, client: 'public' });
    const { url } = await flow.getAuthorizationUrl();
    const error = await watch.catch(flow.exchangeCode(await server.authorize(url)));
    expect(error).toBeInstanceOf(OAuth2Error);
    expect((error as OAuth2Error).error).toBe('invalid_grant');
    expect(await storage.keys()).toEqual([]);
  });

  it('turns error=access_denied into an OAuth2Error and stores nothing', async () => {
    const storage = new MemoryStorage();
    const flow = makeFlow(server, { storage });
    const { url } = await flow.getAuthorizationUrl();
    const error = await watch.catch(flow.exchangeCode(await server.authorize(url, { deny: true })));
    expect(error).toBeInstanceOf(OAuth2Error);
    expect((error as OAuth2Error).error).toBe('access_denied');
    expect(await storage.keys()).toEqual([]);
  });
});

describe('refresh', () => {
  it('takes the rotated refresh token; the old one is refused by the server, the stored one works', async () => {
    const storage = new MemoryStorage();
    const flow = watched(makeFlow(server, { storage }));
    const { credentials: first } = await authorize(server, flow);
    const second = await flow.refresh();
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await storage.get())?.refreshToken).toBe(second.refreshToken);
    // The stored one works (another refresh through the flow)...
    const third = await flow.refresh();
    expect(third.accessToken).not.toBe(second.accessToken);
    // ...and the first, already rotated, is refused.
    const reused = await refreshDirectly(server, first.refreshToken!);
    expect(reused.body['error']).toBe('invalid_grant');
  });

  it('keeps the old refresh token when the server sends none', async () => {
    const plain = await startAuthorizationServer({ accessTokenTtl: 60, rotateRefreshTokens: false, omitRefreshTokenOnRefresh: true });
    try {
      const storage = new MemoryStorage();
      const flow = watched(makeFlow(plain, { storage }));
      const { credentials: first } = await authorize(plain, flow);
      const refreshed = await flow.refresh();
      expect(refreshed.accessToken).not.toBe(first.accessToken);
      expect(refreshed.refreshToken).toBe(first.refreshToken);
      expect((await storage.get())?.refreshToken).toBe(first.refreshToken);
      expect((await flow.refresh()).accessToken).toBeTruthy();
    } finally {
      await plain.close();
    }
  });

  it('200 concurrent getCredentials() on an expired token make exactly one refresh', async () => {
    const flow = watched(makeFlow(server));
    const { credentials } = await authorize(server, flow);
    await sleep(credentials.expiresAt!.getTime() - Date.now() + 50);
    server.resetStats();
    const results = await Promise.all(Array.from({ length: 200 }, () => flow.getCredentials()));
    expect(server.stats().token['refresh_token']).toBe(1);
    expect(new Set(results.map((c) => c.accessToken)).size).toBe(1);
    expect(results[0]!.accessToken).not.toBe(credentials.accessToken);
  });

  it('serves the cached credential without a storage round trip while it is fresh', async () => {
    let reads = 0;
    class CountingStorage extends MemoryStorage {
      override async get(key?: string) {
        reads++;
        return super.get(key);
      }
    }
    const flow = makeFlow(server, { storage: new CountingStorage() });
    await authorize(server, flow);
    reads = 0;
    for (let i = 0; i < 100; i++) await flow.getAccessToken();
    expect(reads).toBe(0);
  });

  it('caps the skew at a quarter of the lifetime, so short-lived tokens are not refreshed on every call', async () => {
    const flow = makeFlow(server, { refreshSkewSeconds: 60 });
    await authorize(server, flow);
    server.resetStats();
    for (let i = 0; i < 20; i++) await flow.getAccessToken();
    expect(server.stats().token['refresh_token'] ?? 0).toBe(0);
  });

  it('throws NoCredentialsError when nothing is stored', async () => {
    expect(await watch.catch(makeFlow(server).getAccessToken())).toBeInstanceOf(NoCredentialsError);
  });
});

describe('API requests', () => {
  it('on a 401, refreshes once and retries once', async () => {
    const storage = new MemoryStorage();
    const flow = watched(makeFlow(server, { storage }));
    const { credentials } = await authorize(server, flow);
    // The stored expiry is wrong (clock skew, a provider that lies): locally fresh, at the server expired.
    const longLived = makeFlow(server, { storage });
    await storage.save(credentials.with({ expiresAt: new Date(Date.now() + 3600_000) }));
    await sleep(credentials.expiresAt!.getTime() - Date.now() + 50);
    server.resetStats();
    const api = new OAuth2APIRequest(longLived);
    const results = await Promise.all(Array.from({ length: 20 }, () => api.request<{ sub: string }>(server.endpoints.api)));
    expect(results.every((r) => r.sub === 'test-user')).toBe(true);
    expect(server.stats().token['refresh_token']).toBe(1);
  });

  it('a second 401 surfaces as APIRequestError after exactly one refresh', async () => {
    const alwaysUnauthorized = createServer((_, res) =>
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end('{"error":"invalid_token"}'),
    );
    await new Promise<void>((resolve) => alwaysUnauthorized.listen(0, '127.0.0.1', resolve));
    try {
      const flow = watched(makeFlow(server));
      await authorize(server, flow);
      server.resetStats();
      const url = `http://127.0.0.1:${(alwaysUnauthorized.address() as AddressInfo).port}/api?key=abc`;
      const error = await watch.catch(new OAuth2APIRequest(flow).request(url));
      expect(error).toBeInstanceOf(APIRequestError);
      expect((error as APIRequestError).status).toBe(401);
      expect((error as APIRequestError).url).not.toContain('key=abc');
      expect(server.stats().token['refresh_token']).toBe(1);
    } finally {
      alwaysUnauthorized.closeAllConnections();
      alwaysUnauthorized.close();
    }
  });

  it('joins baseURL and path as axios does, and reports status, URL without query and Retry-After', async () => {
    const busy = createServer((req, res) => res.writeHead(req.url?.startsWith('/v3/things') ? 429 : 404, { 'retry-after': '3' }).end('{"error":"slow down"}'));
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(busy.address() as AddressInfo).port}/v3`;
      const error = await watch.catch(new OAuth2APIRequest('some-access-token', { baseURL }).request('/things', { params: { key: 'api-key-value' } }));
      expect(error).toMatchObject({ status: 429, retryAfter: 3, method: 'GET', url: `${baseURL}/things` });
      expect(JSON.stringify(error)).not.toContain('api-key-value');
    } finally {
      busy.closeAllConnections();
      busy.close();
    }
  });

  it('sends the header from an overridden authorizationHeader()', async () => {
    class CustomScheme extends OAuth2APIRequest {
      protected override authorizationHeader(accessToken: string) {
        return { Authorization: `Bearer ${accessToken}`, 'X-Client': 'custom' };
      }
    }
    const flow = makeFlow(server);
    await authorize(server, flow);
    const response = await new CustomScheme(flow).http.get(server.endpoints.api);
    expect(response.config.headers['X-Client']).toBe('custom');
  });

  it('accepts a token string or Credentials as source', async () => {
    const flow = makeFlow(server);
    const { credentials } = await authorize(server, flow);
    expect(await new OAuth2APIRequest(credentials.accessToken).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    expect(await new OAuth2APIRequest(credentials).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
  });
});

describe('revoke', () => {
  it('revokes at the server, then the API answers 401 and the storage holds nothing for the key', async () => {
    const storage = new MemoryStorage();
    const flow = watched(makeFlow(server, { storage, key: 'alice' }));
    const { credentials } = await authorize(server, flow);
    await storage.save(credentials, 'bob');
    await flow.revoke();
    expect(await storage.get('alice')).toBeUndefined();
    expect(await storage.get('bob')).toBeDefined();
    expect(await callApi(server, credentials.accessToken)).toBe(401);
    const error = await watch.catch(new OAuth2APIRequest(credentials.accessToken).request(server.endpoints.api));
    expect((error as APIRequestError).status).toBe(401);
    expect((await refreshDirectly(server, credentials.refreshToken!)).body['error']).toBe('invalid_grant');
  });
});

describe('secrets', () => {
  it('no error thrown in these scenarios contains a token, code or secret', () => {
    watch.assertNoLeaks();
  });
});

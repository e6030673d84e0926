import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage, NoCredentialsError, OAuth2AuthorizationFlow, OAuth2Error } from '@oauthflow/core';
import { startNodeOAuthServer, startStockOidcProvider, type NodeOAuthServer, type StockOidcProvider } from '@oauthflow/testing';

// Errors a user meets on servers nobody configured for oauthflow, and what they say to do.

describe('stock oidc-provider: refresh tokens need offline access', () => {
  let server: StockOidcProvider;
  beforeAll(async () => {
    server = await startStockOidcProvider();
  });
  afterAll(async () => {
    await server?.close();
  });

  const flow = (scope: string[], extraAuth: Record<string, string>) =>
    new OAuth2AuthorizationFlow(
      {
        client_id: server.clients.basic.client_id,
        client_secret: server.clients.basic.client_secret,
        auth_uri: `${server.issuer}/auth`,
        token_uri: `${server.issuer}/token`,
        scope,
        redirect_uri: server.redirectUri,
      },
      extraAuth,
      {},
      { storage: new MemoryStorage() },
    );

  async function authorize(f: OAuth2AuthorizationFlow) {
    const { url, state } = await f.getAuthorizationUrl();
    return f.exchangeCode(await server.authorize(url), { state });
  }

  it('without offline_access: no refresh token, and refresh() names the fix while the access token is still valid', async () => {
    const f = flow(['openid'], {});
    const credentials = await authorize(f);
    expect(credentials.refreshToken).toBeUndefined();
    const error = await f.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCredentialsError);
    const message = (error as Error).message;
    expect(message).toContain('the server issued no refresh token');
    expect(message).toContain('stays valid until');
    expect(message).not.toContain('expired');
    expect(message).toContain('offline_access scope');
    expect(message).toContain('access_type=offline with prompt=consent');
  });

  it('offline_access without prompt=consent still gets none (the server drops the scope)', async () => {
    expect((await authorize(flow(['openid', 'offline_access'], {}))).refreshToken).toBeUndefined();
  });

  it('with offline_access and prompt=consent the refresh works', async () => {
    const f = flow(['openid', 'offline_access'], { prompt: 'consent' });
    const first = await authorize(f);
    expect(first.refreshToken).toBeDefined();
    const refreshed = await f.refresh();
    expect(refreshed.accessToken).not.toBe(first.accessToken);
  });
});

describe('@node-oauth/oauth2-server: a secret that form-encoding changes, under Basic', () => {
  const secret = 'se+cr/et=with+plus/and=';
  let server: NodeOAuthServer;
  beforeAll(async () => {
    server = await startNodeOAuthServer({ clientSecret: secret });
  });
  afterAll(async () => {
    await server?.close();
  });

  const flow = (clientAuthentication: 'client_secret_basic' | 'client_secret_post') =>
    new OAuth2AuthorizationFlow(
      {
        client_id: server.clients.confidential.client_id,
        client_secret: secret,
        auth_uri: server.endpoints.authorization,
        token_uri: server.endpoints.token,
        scope: 'read',
        redirect_uri: server.redirectUri,
      },
      {},
      {},
      { storage: new MemoryStorage(), clientAuthentication },
    );

  it('invalid_client says to try client_secret_post (without showing the secret); client_secret_post works', async () => {
    const error = await flow('client_secret_basic')
      .clientCredentials()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect((error as OAuth2Error).error).toBe('invalid_client');
    expect((error as Error).message).toContain("try clientAuthentication: 'client_secret_post'");
    expect(JSON.stringify(error)).not.toContain(secret);
    expect((error as Error).message).not.toContain(secret);
    await expect(flow('client_secret_post').clientCredentials()).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('a public client gets tokens by the PKCE code exchange, but its refresh is refused (client authentication required)', async () => {
    const publicFlow = new OAuth2AuthorizationFlow(
      {
        client_id: server.clients.public.client_id,
        auth_uri: server.endpoints.authorization,
        token_uri: server.endpoints.token,
        scope: 'read',
        redirect_uri: server.redirectUri,
      },
      {},
      {},
      { storage: new MemoryStorage() },
    );
    const { url, state } = await publicFlow.getAuthorizationUrl();
    const credentials = await publicFlow.exchangeCode(await server.authorize(url), { state });
    expect(credentials.refreshToken).toBeDefined();
    const error = await publicFlow.refresh().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuth2Error);
    expect((error as OAuth2Error).error).toBe('invalid_client');
  });
});

describe('what goes on the wire', () => {
  let recorder: Server;
  const bodies: URLSearchParams[] = [];
  let tokenUri = '';
  beforeAll(async () => {
    recorder = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      req.on('end', () => {
        bodies.push(new URLSearchParams(text));
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: `at-${bodies.length}`, token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    tokenUri = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}/token`;
  });
  afterAll(() => {
    recorder?.closeAllConnections();
    recorder?.close();
  });

  it('a public client sends client_id and no client_secret; client credentials without scopes send no scope', async () => {
    const publicFlow = new OAuth2AuthorizationFlow({
      client_id: 'public-app',
      auth_uri: tokenUri,
      token_uri: tokenUri,
      scope: 'a',
      redirect_uri: 'http://127.0.0.1/cb',
    });
    const { state } = await publicFlow.getAuthorizationUrl();
    await publicFlow.exchangeCode(`http://127.0.0.1/cb?code=c1&state=${state}`);
    const exchange = bodies.at(-1);
    expect(exchange?.get('client_id')).toBe('public-app');
    expect(exchange?.has('client_secret')).toBe(false);

    const machine = new OAuth2AuthorizationFlow(
      { client_id: 'm', client_secret: 's3cret-value', auth_uri: tokenUri, token_uri: tokenUri, scope: 'x', redirect_uri: 'http://127.0.0.1/cb' },
      {},
      {},
      { clientAuthentication: 'client_secret_post' },
    );
    await machine.clientCredentials({ scope: [] });
    const grant = bodies.at(-1);
    expect(grant?.get('grant_type')).toBe('client_credentials');
    expect(grant?.has('scope')).toBe(false);
    await machine.clientCredentials({ scope: ['x', 'y'], force: true });
    expect(bodies.at(-1)?.get('scope')).toBe('x y');
  });
});

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import OAuth2Server, { type AuthorizationCode, type Client, type RefreshToken, type Token } from '@node-oauth/oauth2-server';

import { HOST, listen } from '../listen.js';
const REDIRECT_URI = 'http://127.0.0.1/callback';
const USER = { id: 'node-oauth-user' } as const;

/** A client registered in the in-memory model. */
export interface NodeOAuthClient {
  client_id: string;
  client_secret?: string;
}

/** Options of {@link startNodeOAuthServer}. */
export interface NodeOAuthServerOptions {
  /** The confidential client's secret. Default: random, URL-safe. A secret with `+ / =` shows that Basic credentials are compared without form-decoding. */
  clientSecret?: string;
}

/** A running @node-oauth/oauth2-server app; see {@link startNodeOAuthServer}. */
export interface NodeOAuthServer {
  issuer: string;
  endpoints: { authorization: string; token: string; api: string };
  /** `confidential` authenticates (Basic or post); `public` uses PKCE without a secret. */
  clients: { confidential: Required<NodeOAuthClient>; public: NodeOAuthClient };
  redirectUri: string;
  /** The user's consent (automatic): resolves to the redirect URL with the code. */
  authorize(authorizationUrl: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * @node-oauth/oauth2-server in a small HTTP app with an in-memory model and the library's defaults:
 * strict client authentication (a client secret is checked for every grant a confidential client
 * uses; public clients get only the PKCE code exchange), refresh token rotation
 * (`alwaysIssueNewRefreshToken`), no revocation, device or discovery endpoints (the library has none).
 */
export async function startNodeOAuthServer(options: NodeOAuthServerOptions = {}): Promise<NodeOAuthServer> {
  const clients = {
    confidential: { client_id: 'node-oauth-confidential', client_secret: options.clientSecret ?? randomBytes(24).toString('base64url') },
    public: { client_id: 'node-oauth-public' },
  };
  const registry = new Map<string, Client & { secret?: string }>([
    [
      clients.confidential.client_id,
      {
        id: clients.confidential.client_id,
        secret: clients.confidential.client_secret,
        redirectUris: [REDIRECT_URI],
        grants: ['authorization_code', 'refresh_token', 'client_credentials'],
      },
    ],
    [clients.public.client_id, { id: clients.public.client_id, redirectUris: [REDIRECT_URI], grants: ['authorization_code', 'refresh_token'] }],
  ]);
  const codes = new Map<string, AuthorizationCode>();
  const accessTokens = new Map<string, Token>();
  const refreshTokens = new Map<string, RefreshToken>();

  const oauth = new OAuth2Server({
    model: {
      // The authorization request looks clients up with a null secret (no authentication there). At the
      // token endpoint it is strict: a confidential client must present its secret, a public one none.
      getClient: async (clientId: string, clientSecret: string | null | undefined) => {
        const client = registry.get(clientId);
        if (client === undefined) return undefined;
        if (clientSecret === null) return client;
        if (client.secret === undefined) return clientSecret ? undefined : client;
        return clientSecret === client.secret ? client : undefined;
      },
      saveToken: async (token: Token, client: Client, user: Record<string, unknown>) => {
        const saved = { ...token, client, user };
        accessTokens.set(token.accessToken, saved);
        if (token.refreshToken !== undefined) refreshTokens.set(token.refreshToken, saved as RefreshToken);
        return saved;
      },
      getAccessToken: async (accessToken: string) => accessTokens.get(accessToken),
      getRefreshToken: async (refreshToken: string) => refreshTokens.get(refreshToken),
      revokeToken: async (token: RefreshToken) => refreshTokens.delete(token.refreshToken),
      saveAuthorizationCode: async (
        code: Pick<AuthorizationCode, 'authorizationCode' | 'expiresAt' | 'redirectUri' | 'scope' | 'codeChallenge' | 'codeChallengeMethod'>,
        client: Client,
        user: Record<string, unknown>,
      ) => {
        const saved = { ...code, client, user };
        codes.set(code.authorizationCode, saved);
        return saved;
      },
      getAuthorizationCode: async (code: string) => codes.get(code),
      revokeAuthorizationCode: async (code: AuthorizationCode) => codes.delete(code.authorizationCode),
      getUserFromClient: async (client: Client) => ({ id: `client:${client.id}` }),
    },
  });

  const server = createServer((req, res) => {
    void handle(req).then(
      ({ status, headers, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body === undefined ? '' : JSON.stringify(body));
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'server_error', error_description: String(error) }));
      },
    );
  });

  async function handle(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body?: unknown }> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const request = new OAuth2Server.Request({
      method: req.method ?? 'GET',
      headers,
      query: Object.fromEntries(url.searchParams),
      body: Object.fromEntries(new URLSearchParams(text)),
    });
    const response = new OAuth2Server.Response();
    try {
      if (url.pathname === '/authorize' && req.method === 'GET') {
        await oauth.authorize(request, response, { authenticateHandler: { handle: () => USER } });
      } else if (url.pathname === '/token' && req.method === 'POST') {
        await oauth.token(request, response);
      } else if (url.pathname === '/api/me' && req.method === 'GET') {
        const token = await oauth.authenticate(request, response);
        return { status: 200, headers: {}, body: { sub: (token.user as { id: string }).id } };
      } else {
        return {
          status: 404,
          headers: {},
          body: { error: 'not_found', error_description: `${req.method ?? ''} ${url.pathname}: @node-oauth/oauth2-server has no such endpoint` },
        };
      }
    } catch (error) {
      const oauthError = error as { code?: number; name?: string; message?: string };
      if (response.status === 302) return { status: 302, headers: response.headers ?? {} };
      return {
        status: oauthError.code ?? 500,
        headers: response.headers ?? {},
        body: { error: oauthError.name ?? 'server_error', error_description: oauthError.message ?? '' },
      };
    }
    return { status: response.status ?? 200, headers: response.headers ?? {}, body: response.body };
  }

  const issuer = `http://${HOST}:${await listen(server)}`;
  return {
    issuer,
    endpoints: { authorization: `${issuer}/authorize`, token: `${issuer}/token`, api: `${issuer}/api/me` },
    clients,
    redirectUri: REDIRECT_URI,
    authorize: async (authorizationUrl) => {
      const response = await fetch(authorizationUrl, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status === 302 && location !== null) return location;
      throw new Error(`@node-oauth/oauth2-server did not redirect (HTTP ${response.status}): ${await response.text()}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

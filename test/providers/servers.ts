import { MemoryStorage, OAuth2AuthorizationFlow, type ClientAuthentication, type FlowOptions, type RequiredParams } from '@oauthflow/core';
import { startAuthorizationServer, startGoogleEmulator, startNodeOAuthServer, startStockOidcProvider } from '@oauthflow/testing';
import { GOOGLE_REVOCATION } from '@oauthflow/youtube';
import { OAuth2Server as MockServer } from 'oauth2-mock-server';
import type { ServerName } from './matrix.js';

/** Which client a scenario needs. */
export type ClientRole = 'basic' | 'post' | 'public' | 'device' | 'machine' | 'rotation';

interface ClientSettings {
  client_id: string;
  client_secret?: string;
  authentication: ClientAuthentication;
}

/** One authorization server, seen the same way by every scenario. */
export interface MatrixServer {
  issuer: string;
  /** Endpoints given by hand (discovery is its own scenario). */
  endpoints: Pick<RequiredParams, 'auth_uri' | 'token_uri' | 'revoke_uri' | 'device_uri'>;
  /** The client for a role, or undefined when the server has none. */
  client(role: ClientRole): ClientSettings | undefined;
  /** Scopes and authorization parameters that get a refresh token on this server. */
  offline: { scope: string[]; extraAuth: Record<string, string> };
  /** Scopes for the device flow. */
  deviceScope: string[];
  /** The polling interval the client must end up with (5 s where the server sends none). */
  deviceInterval?: number;
  redirectUri: string;
  /** Plays the user: from the authorization URL to the redirect back. */
  authorize(url: string): Promise<string>;
  approveDevice?(userCode: string): Promise<void>;
  /** False for a mock that accepts any token: revoked grants cannot be shown dead there. */
  validatesGrants: boolean;
  /** Flow options the server needs (its revocation style). */
  flowOptions?: Pick<FlowOptions, 'revocation'>;
  close(): Promise<void>;
}

/** A flow for `role` against `server`, with its own MemoryStorage unless given one. */
export function flowFor(server: MatrixServer, role: ClientRole, options: FlowOptions = {}): OAuth2AuthorizationFlow {
  const client = server.client(role);
  if (client === undefined) throw new Error(`this server has no client for ${role}`);
  const required: RequiredParams = {
    client_id: client.client_id,
    ...(client.client_secret === undefined ? {} : { client_secret: client.client_secret }),
    ...server.endpoints,
    scope: role === 'device' ? server.deviceScope : server.offline.scope,
    redirect_uri: server.redirectUri,
  };
  return new OAuth2AuthorizationFlow(
    required,
    server.offline.extraAuth,
    {},
    {
      storage: new MemoryStorage(),
      clientAuthentication: client.authentication,
      ...server.flowOptions,
      ...options,
    },
  );
}

const secretClient = (client: { client_id: string; client_secret: string }, authentication: ClientAuthentication): ClientSettings => ({
  ...client,
  authentication,
});

/** Starts one server of the matrix. */
export async function startServer(name: ServerName): Promise<MatrixServer> {
  switch (name) {
    case 'own': {
      const server = await startAuthorizationServer({ deviceInterval: 1 });
      const { confidential } = server.clients;
      return {
        issuer: server.issuer,
        endpoints: {
          auth_uri: server.endpoints.authorization,
          token_uri: server.endpoints.token,
          revoke_uri: server.endpoints.revocation,
          device_uri: server.endpoints.deviceAuthorization,
        },
        client: (role) =>
          role === 'public' || role === 'device'
            ? { client_id: server.clients.public.client_id, authentication: 'none' }
            : secretClient(confidential, role === 'post' ? 'client_secret_post' : 'client_secret_basic'),
        offline: { scope: ['openid', 'offline_access', 'api:read'], extraAuth: {} },
        deviceScope: ['openid', 'offline_access'],
        deviceInterval: 1,
        redirectUri: 'http://127.0.0.1/callback',
        authorize: (url) => server.authorize(url),
        approveDevice: (userCode) => server.approveDevice(userCode),
        validatesGrants: true,
        close: () => server.close(),
      };
    }
    case 'stockOidcProvider': {
      const server = await startStockOidcProvider();
      const endpoint = (path: string) => `${server.issuer}${path}`;
      return {
        issuer: server.issuer,
        endpoints: {
          auth_uri: endpoint('/auth'),
          token_uri: endpoint('/token'),
          revoke_uri: endpoint('/token/revocation'),
          device_uri: endpoint('/device/auth'),
        },
        client: (role) => {
          if (role === 'public' || role === 'rotation') return { client_id: server.clients.public.client_id, authentication: 'none' };
          return role === 'post' ? secretClient(server.clients.post, 'client_secret_post') : secretClient(server.clients.basic, 'client_secret_basic');
        },
        offline: { scope: ['openid', 'offline_access'], extraAuth: { prompt: 'consent' } },
        deviceScope: ['openid', 'offline_access'],
        deviceInterval: 5,
        redirectUri: server.redirectUri,
        authorize: (url) => server.authorize(url),
        approveDevice: (userCode) => server.approveDevice(userCode),
        validatesGrants: true,
        close: () => server.close(),
      };
    }
    case 'nodeOAuth': {
      const server = await startNodeOAuthServer();
      return {
        issuer: server.issuer,
        endpoints: {
          auth_uri: server.endpoints.authorization,
          token_uri: server.endpoints.token,
          revoke_uri: `${server.issuer}/revoke`,
          device_uri: `${server.issuer}/device`,
        },
        client: (role) =>
          role === 'public'
            ? { client_id: server.clients.public.client_id, authentication: 'none' }
            : secretClient(server.clients.confidential, role === 'post' ? 'client_secret_post' : 'client_secret_basic'),
        offline: { scope: ['read'], extraAuth: {} },
        deviceScope: ['read'],
        redirectUri: server.redirectUri,
        authorize: (url) => server.authorize(url),
        validatesGrants: true,
        close: () => server.close(),
      };
    }
    case 'mockServer': {
      const server = new MockServer();
      await server.issuer.keys.generate('RS256');
      await server.start(0, '127.0.0.1');
      const issuer = server.issuer.url ?? '';
      const client = { client_id: 'mock-client', client_secret: 'mock-secret' };
      return {
        issuer,
        endpoints: {
          auth_uri: `${issuer}/authorize`,
          token_uri: `${issuer}/token`,
          revoke_uri: `${issuer}/revoke`,
          device_uri: `${issuer}/device_authorization`,
        },
        client: (role) =>
          role === 'public'
            ? { client_id: client.client_id, authentication: 'none' }
            : secretClient(client, role === 'post' ? 'client_secret_post' : 'client_secret_basic'),
        offline: { scope: ['openid', 'offline_access'], extraAuth: {} },
        deviceScope: ['openid'],
        redirectUri: 'http://127.0.0.1/callback',
        authorize: async (url) => {
          const response = await fetch(url, { redirect: 'manual' });
          const location = response.headers.get('location');
          if (location === null) throw new Error(`oauth2-mock-server answered ${response.status} without a redirect`);
          return location;
        },
        validatesGrants: false,
        close: () => server.stop(),
      };
    }
    case 'google': {
      const google = await startGoogleEmulator({ deviceInterval: 1 });
      return {
        issuer: google.issuer,
        endpoints: {
          auth_uri: google.endpoints.authorization,
          token_uri: google.endpoints.token,
          revoke_uri: google.endpoints.revocation,
          device_uri: google.endpoints.deviceAuthorization,
        },
        client: (role) => {
          if (role === 'device') return secretClient(google.clients.tv, 'client_secret_basic');
          if (role === 'public') return { client_id: google.clients.desktop.client_id, authentication: 'none' };
          return secretClient(google.clients.desktop, role === 'post' ? 'client_secret_post' : 'client_secret_basic');
        },
        offline: { scope: ['openid', 'email'], extraAuth: { access_type: 'offline', prompt: 'consent' } },
        deviceScope: ['openid', 'email'],
        deviceInterval: 1,
        redirectUri: 'http://127.0.0.1/callback',
        authorize: (url) => google.authorize(url),
        approveDevice: (userCode) => google.approveDevice(userCode),
        flowOptions: { revocation: GOOGLE_REVOCATION },
        validatesGrants: true,
        close: () => google.close(),
      };
    }
  }
}

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type Provider from 'oidc-provider';
import { loadProvider } from './load-provider.js';
import { endpointExtras } from './endpoint-extras.js';
import { interactionRoute } from './interaction-route.js';
import { MemoryStore } from './memory-store.js';
import { settleOptions } from './options.js';
import { protectedResource } from './protected-resource.js';
import { API_PATH, ROUTES, providerConfiguration } from './provider-config.js';
import { signingKey } from './signing-key.js';
import { StatsRecorder } from './stats.js';
import { allowExtraRedirects, createClients } from './test-clients.js';
import { tokenEndpoint } from './token-endpoint.js';
import { checkFault } from './token-faults.js';
import type { AuthorizationServer, AuthorizationServerOptions, TokenFault } from './types.js';
import { approveDevice, authorize } from './user-actions.js';
import { listen, HOST } from './listen.js';

function shutDown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // close() alone waits for keep-alive sockets (fetch keeps them open).
    server.closeAllConnections();
  });
}

/**
 * Starts a real OAuth 2.0 / OpenID Connect authorization server (oidc-provider) on 127.0.0.1 with
 * a confidential and a public client, a headless test user, a protected resource at `/api/me`,
 * statistics and token endpoint fault injection. Call `close()` when done.
 */
export async function startAuthorizationServer(options?: AuthorizationServerOptions): Promise<AuthorizationServer> {
  const settings = settleOptions(options);
  const key = await signingKey();
  // The issuer must contain the port, so bind first and attach the provider afterwards.
  const server = createServer();
  const port = await listen(server, settings.port);
  const issuer = `http://${HOST}:${port}`;

  const store = new MemoryStore();
  const stats = new StatsRecorder();
  const faults: TokenFault[] = [];
  const closing = new AbortController();
  const clients = createClients();

  let provider: Provider;
  try {
    const ProviderClass = await loadProvider();
    provider = new ProviderClass(issuer, providerConfiguration({ ...settings, clients, store, signingKey: key }));
  } catch (error) {
    await shutDown(server);
    throw error;
  }
  allowExtraRedirects(provider);
  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    console.error('@oauthflow/testing: oidc-provider server_error', error);
  });
  provider.use(
    endpointExtras({
      revocationPath: ROUTES.revocation,
      introspectionPath: ROUTES.introspection,
      deviceAuthorizationPath: ROUTES.device_authorization,
      deviceInterval: settings.deviceInterval,
      stats,
    }),
  );
  provider.use(
    tokenEndpoint({
      path: ROUTES.token,
      stats,
      faults,
      omitRefreshTokenOnRefresh: settings.omitRefreshTokenOnRefresh,
      closing: closing.signal,
    }),
  );
  provider.use(protectedResource({ path: API_PATH, provider, store, stats }));
  provider.use(interactionRoute(provider));
  server.on('request', provider.callback());

  const url = (path: string): string => `${issuer}${path}`;
  let closed: Promise<void> | undefined;
  return {
    issuer,
    endpoints: {
      authorization: url(ROUTES.authorization),
      token: url(ROUTES.token),
      revocation: url(ROUTES.revocation),
      introspection: url(ROUTES.introspection),
      deviceAuthorization: url(ROUTES.device_authorization),
      userinfo: url(ROUTES.userinfo),
      jwks: url(ROUTES.jwks),
      api: url(API_PATH),
    },
    clients,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    authorize: (authorizationUrl, decision) => authorize(issuer, authorizationUrl, decision),
    approveDevice: (userCode, decision) => approveDevice(url(ROUTES.code_verification), userCode, decision),
    injectTokenFault: (fault) => {
      faults.push(checkFault(fault));
    },
    revokeAll: async () => store.revokeAll(),
    close: () => {
      closed ??= (closing.abort(), shutDown(server));
      return closed;
    },
  };
}

import { createServer } from 'node:http';
import type { ClientMetadata } from 'oidc-provider';
import { loadProvider } from '../load-provider.js';
import { signingKey } from '../signing-key.js';
import { walkForms } from './form-walker.js';

import { HOST, listen } from '../listen.js';
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const REDIRECT_URI = 'http://127.0.0.1/callback';

/** A client registered at the stock server. */
export interface StockClient {
  client_id: string;
  client_secret?: string;
}

/** A running oidc-provider with its default configuration; see {@link startStockOidcProvider}. */
export interface StockOidcProvider {
  issuer: string;
  /** Registered clients: one per token endpoint authentication method. */
  clients: { basic: Required<StockClient>; post: Required<StockClient>; public: StockClient };
  /** The one registered redirect URI (native clients: any loopback port matches). */
  redirectUri: string;
  /** Logs in (any login works with the default development interactions) and consents through the server's own pages; resolves to the redirect URL. */
  authorize(authorizationUrl: string): Promise<string>;
  /** Enters and confirms a user code through the server's own device pages, logging in on the way. */
  approveDevice(userCode: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * oidc-provider as a stock deployment runs it: the library's defaults everywhere (scopes `openid`
 * and `offline_access`, refresh tokens only for `offline_access` asked with `prompt=consent`,
 * rotation for public clients, PKCE required for public clients, its development login and
 * consent pages, no device `interval`), with only what a deployment must provide (clients, a
 * signing key, cookie keys) and the features it switches on: revocation, device flow and client
 * credentials. Nothing is made more lenient.
 */
export async function startStockOidcProvider(): Promise<StockOidcProvider> {
  const Provider = await loadProvider();
  const restoreConsole = holdBackDefaultsNotices();
  const server = createServer();
  const issuer = `http://${HOST}:${await listen(server)}`;
  const secret = () => `stock-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const clients = {
    basic: { client_id: 'stock-basic', client_secret: secret() },
    post: { client_id: 'stock-post', client_secret: secret() },
    public: { client_id: 'stock-public' },
  };
  const common = { application_type: 'native', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE] } as const;
  const metadata: ClientMetadata[] = [
    { ...common, ...clients.basic, token_endpoint_auth_method: 'client_secret_basic', grant_types: [...common.grant_types, 'client_credentials'] },
    { ...common, ...clients.post, token_endpoint_auth_method: 'client_secret_post', grant_types: [...common.grant_types, 'client_credentials'] },
    { ...common, ...clients.public, token_endpoint_auth_method: 'none' },
  ];
  const provider = new Provider(issuer, {
    clients: metadata,
    jwks: { keys: [await signingKey()] },
    cookies: { keys: [secret()] },
    features: { revocation: { enabled: true }, deviceFlow: { enabled: true }, clientCredentials: { enabled: true } },
  });
  server.on('request', provider.callback());
  const fill = { login: 'stock-user', password: 'any', user_code: '' };
  const origin = new URL(issuer).origin;
  return {
    issuer,
    clients,
    redirectUri: REDIRECT_URI,
    authorize: async (authorizationUrl) => {
      const navigation = await walkForms(authorizationUrl, { stopAt: (url) => url.origin !== origin, fill });
      if (navigation.kind === 'left') return navigation.location;
      throw new Error(
        `stock oidc-provider: no redirect, the page says: ${navigation.page.text
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 300)}`,
      );
    },
    approveDevice: async (userCode) => {
      const navigation = await walkForms(`${issuer}/device?user_code=${encodeURIComponent(userCode)}`, {
        stopAt: (url) => url.origin !== origin,
        fill: { ...fill, user_code: userCode },
      });
      const text = navigation.kind === 'page' ? navigation.page.text : '';
      if (!/Sign-in Success/i.test(text))
        throw new Error(
          `stock oidc-provider: the device was not approved: ${text
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .slice(0, 300)}`,
        );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        restoreConsole();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * A stock oidc-provider prints a WARNING or NOTICE for each default it uses (development adapter,
 * development interactions, default TTLs): expected here, so those lines are held back while the
 * server runs. Anything else still prints.
 */
function holdBackDefaultsNotices(): () => void {
  const { info, warn } = console;
  const keep =
    (print: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /oidc-provider (NOTICE|WARNING): /.test(args[0])) return;
      print(...args);
    };
  console.info = keep(info);
  console.warn = keep(warn);
  return () => {
    console.info = info;
    console.warn = warn;
  };
}

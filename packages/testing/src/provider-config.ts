import { randomBytes } from 'node:crypto';
import type { Configuration, JWK } from 'oidc-provider';
import { INTERACTION_PATH } from './interaction-route.js';
import type { MemoryStore } from './memory-store.js';
import { renderError, successSource, userCodeConfirmSource, userCodeInputSource } from './pages.js';
import { clientMetadata } from './test-clients.js';
import { SCOPE_CLAIMS, findAccount } from './test-user.js';
import type { AuthorizationServerClients } from './types.js';

/** Scopes every server accepts; `AuthorizationServerOptions.scopes` adds more. */
export const BASE_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'api:read', 'api:write'];

/** Endpoint paths, relative to the issuer. */
export const ROUTES = {
  authorization: '/authorize',
  token: '/token',
  revocation: '/revoke',
  introspection: '/introspect',
  device_authorization: '/device/authorize',
  code_verification: '/device',
  userinfo: '/userinfo',
  jwks: '/jwks',
  end_session: '/logout',
  pushed_authorization_request: '/par',
} as const;

/** Path of the protected resource. */
export const API_PATH = '/api/me';

const DAY = 24 * 60 * 60;

/** Settled options and collaborators the provider configuration is built from. */
export interface ProviderSettings {
  accessTokenTtl: number;
  refreshTokenTtl: number;
  rotateRefreshTokens: boolean;
  scopes: string[];
  clients: AuthorizationServerClients;
  store: MemoryStore;
  signingKey: JWK;
}

/** The oidc-provider configuration of a test server. */
export function providerConfiguration(settings: ProviderSettings): Configuration {
  const { accessTokenTtl, refreshTokenTtl } = settings;
  return {
    adapter: settings.store.factory,
    clients: clientMetadata(settings.clients),
    jwks: { keys: [settings.signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: [...new Set([...BASE_SCOPES, ...settings.scopes])],
    claims: SCOPE_CLAIMS,
    findAccount,
    routes: ROUTES,
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}` },
    renderError,
    // Exact expiry: tests use 1-2 second lifetimes.
    clockTolerance: 0,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 600,
      Session: 14 * DAY,
      // The grant must outlive every refresh token issued under it, rotated ones included.
      Grant: Math.max(365 * DAY, 2 * refreshTokenTtl),
    },
    rotateRefreshToken: settings.rotateRefreshTokens,
    // oidc-provider only issues refresh tokens for offline_access, and drops that scope when a
    // prompt other than consent is sent; real providers are laxer, so any refresh-capable client gets one.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens survive the (headless) browser session that produced them.
    expiresWithSession: () => false,
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      resourceIndicators: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // Public clients may only introspect their own tokens (oidc-provider's default, minus its notice).
        allowedPolicy: (ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId,
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      deviceFlow: { enabled: true, userCodeInputSource, userCodeConfirmSource, successSource },
      userinfo: { enabled: true },
    },
  };
}

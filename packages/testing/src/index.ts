/**
 * `@oauthflow/testing`: a real OAuth 2.0 authorization server (oidc-provider), an emulator of
 * Google's OAuth 2.0 endpoints and a fake YouTube API, for tests and demos.
 * @packageDocumentation
 */
export { startAuthorizationServer } from './server.js';
export type {
  AuthorizationServer,
  AuthorizationServerClients,
  AuthorizationServerEndpoints,
  AuthorizationServerOptions,
  ServerStats,
  TokenFault,
  UserDecisionOptions,
} from './types.js';

// --- an emulator of Google's OAuth 2.0 endpoints ---
export { startGoogleEmulator } from './google/server.js';
export type {
  GoogleEmulator,
  GoogleEmulatorClient,
  GoogleEmulatorClients,
  GoogleEmulatorEndpoints,
  GoogleEmulatorOptions,
  GoogleEmulatorStats,
  GoogleUserDecision,
} from './google/types.js';

// --- stock authorization servers, for the provider matrix and users' compatibility tests ---
export { startStockOidcProvider } from './providers/stock-oidc-provider.js';
export type { StockClient, StockOidcProvider } from './providers/stock-oidc-provider.js';
export { startNodeOAuthServer } from './providers/node-oauth-server.js';
export type { NodeOAuthClient, NodeOAuthServer, NodeOAuthServerOptions } from './providers/node-oauth-server.js';

// --- fake YouTube Data API v3 (owned by @oauthflow/youtube's maintainers) ---
export { startFakeYouTube } from './fake-youtube/server.js';
export type {
  FakeFailure,
  FakeFinishedUpload,
  FakeIntrospectionSettings,
  FakeTokenInfo,
  FakeTokenValidator,
  FakeUploadFault,
  FakeUploadHook,
  FakeUploadRequest,
  FakeYouTube,
  FakeYouTubeOptions,
  RecordedRequest,
} from './fake-youtube/types.js';

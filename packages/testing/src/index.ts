/**
 * `@oauthflow/testing`: a real OAuth 2.0 authorization server (oidc-provider) for tests and demos.
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

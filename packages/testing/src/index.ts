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

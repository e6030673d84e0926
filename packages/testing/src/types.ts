/**
 * Options for {@link startAuthorizationServer}.
 */
export interface AuthorizationServerOptions {
  /** TCP port to bind on 127.0.0.1. Default 0: a random free port. */
  port?: number;
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 14 days. */
  refreshTokenTtl?: number;
  /**
   * Default true: every refresh returns a new refresh token and consumes the old one; presenting a
   * consumed one is refused with `invalid_grant` and revokes the whole grant (as oidc-provider does).
   * Must not be true together with `omitRefreshTokenOnRefresh`.
   */
  rotateRefreshTokens?: boolean;
  /**
   * Default false. When true, refresh responses carry no `refresh_token` field (like Google), and
   * rotation is off so the old refresh token keeps working.
   */
  omitRefreshTokenOnRefresh?: boolean;
  /** Extra scopes accepted besides openid, offline_access, profile, email, api:read and api:write. */
  scopes?: string[];
  /**
   * Polling interval in seconds advertised as `interval` in device authorization responses.
   * Default 1 (RFC 8628 clients assume 5 when the field is absent, which slows tests down).
   */
  deviceInterval?: number;
}

/**
 * A fault answered by the token endpoint instead of (or before) the real provider.
 * - `status`: answer with this status, body and headers without reaching the provider. The body
 *   defaults to a JSON OAuth error for status >= 400 and to an empty string otherwise; the
 *   content type defaults to application/json when the body parses as JSON, else text/plain.
 * - `delay`: wait this long, then let the provider answer normally (even if the client gave up).
 */
export type TokenFault = { kind: 'status'; status: number; body?: string; headers?: Record<string, string> } | { kind: 'delay'; ms: number };

/**
 * Counters kept by a running {@link AuthorizationServer}; see {@link AuthorizationServer.stats}.
 */
export interface ServerStats {
  /** Token endpoint calls per `grant_type` (faulted and failed calls included; `unknown` when absent). */
  token: Record<string, number>;
  /** Token endpoint error codes answered by the provider (e.g. `invalid_grant`) → count. */
  tokenErrors: Record<string, number>;
  /** Calls to the revocation endpoint. */
  revocation: number;
  /** Calls to the introspection endpoint. */
  introspection: number;
  /** Calls to the protected resource `GET /api/me`, by outcome. */
  api: { ok: number; unauthorized: number };
}

/**
 * Absolute URLs of the server's endpoints.
 */
export interface AuthorizationServerEndpoints {
  /** Authorization endpoint (browser). */
  authorization: string;
  /** Token endpoint. */
  token: string;
  /** Token revocation endpoint (RFC 7009). */
  revocation: string;
  /** Token introspection endpoint (RFC 7662). */
  introspection: string;
  /** Device authorization endpoint (RFC 8628). */
  deviceAuthorization: string;
  /** OpenID Connect userinfo endpoint. */
  userinfo: string;
  /** JSON Web Key Set. */
  jwks: string;
  /** Protected resource: `GET` with a bearer token answers `{ sub, scope, client_id }`. */
  api: string;
}

/**
 * The pre-registered clients.
 */
export interface AuthorizationServerClients {
  /** Confidential client; authenticates with client_secret_basic or client_secret_post. */
  confidential: { client_id: string; client_secret: string };
  /** Public client (token_endpoint_auth_method none); PKCE S256 is required. */
  public: { client_id: string };
}

/**
 * Options for {@link AuthorizationServer.authorize} and {@link AuthorizationServer.approveDevice}.
 */
export interface UserDecisionOptions {
  /** When true the user refuses: the client sees `error=access_denied`. */
  deny?: boolean;
}

/**
 * A running OAuth 2.0 authorization server on 127.0.0.1; see {@link startAuthorizationServer}.
 */
export interface AuthorizationServer {
  /** Issuer identifier, e.g. `http://127.0.0.1:PORT`. */
  issuer: string;
  /** Absolute endpoint URLs. */
  endpoints: AuthorizationServerEndpoints;
  /** The pre-registered clients. */
  clients: AuthorizationServerClients;
  /** A snapshot of the counters. */
  stats(): ServerStats;
  /** Sets every counter back to zero. */
  resetStats(): void;
  /**
   * Plays the user's browser: GETs the authorization URL, follows the login/consent interaction
   * with cookies (the test user `test-user` logs in and consents to everything) and resolves to the
   * final redirect URL (`redirect_uri?code=…&state=…&iss=…` or `?error=…`) without requesting it.
   * Rejects when the server shows an error page instead of redirecting (e.g. unknown client or
   * unregistered redirect_uri).
   */
  authorize(authorizationUrl: string, options?: UserDecisionOptions): Promise<string>;
  /**
   * Approves (or denies) a pending device authorization by its user code (RFC 8628), through the
   * verification pages as the user would. Rejects when the code is unknown, expired or used.
   */
  approveDevice(userCode: string, options?: UserDecisionOptions): Promise<void>;
  /** Queues a fault for the next token endpoint calls; each entry is used once, in order. */
  injectTokenFault(fault: TokenFault): void;
  /** Revokes every grant and token, as when the user withdraws access everywhere. */
  revokeAll(): Promise<void>;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

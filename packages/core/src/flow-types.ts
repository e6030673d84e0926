import type { AxiosLike } from './axios-like.js';
import type { Credentials } from './credentials.js';
import type { ClientAuthentication } from './grants/token-endpoint.js';
import type { Storage } from './storage/storage.js';

/** Options of {@link OAuth2AuthorizationFlow}. */
export interface FlowOptions {
  /** Where credentials live. Default: a MemoryStorage (nothing survives the process). */
  storage?: Storage;
  /** The storage key of this flow's credentials. Default `'default'`. */
  key?: string;
  /**
   * Refresh this many seconds before expiry. Capped at a quarter of the token's lifetime, so a
   * token that lives less than the skew is not refreshed on every call. Default 60.
   */
  refreshSkewSeconds?: number;
  /** How long an authorization started by getAuthorizationUrl() may take. Default 600 s. */
  pendingTtlSeconds?: number;
  /** Default: client_secret_basic with a secret, none without. */
  clientAuthentication?: ClientAuthentication;
  /** Abandon a token request after this long. Default 30 s. */
  timeoutMs?: number;
  /** The axios instance (any axios 1.x copy) for requests the flow makes besides the token endpoint's. */
  http?: AxiosLike;
}

/** Options of {@link OAuth2AuthorizationFlow.getAuthorizationUrl}. */
export interface AuthorizationUrlOptions {
  /** Save the resulting credentials under this key instead of the flow's. */
  key?: string;
  /** Override the redirect_uri (the loopback mode sends one with its port). */
  redirectUri?: string;
  /** Override the scopes of the required params. */
  scope?: string | readonly string[];
  /** More authorization request parameters, on top of the extra auth params. */
  params?: Readonly<Record<string, string>>;
}

/** Options of {@link OAuth2AuthorizationFlow.exchangeCode}. */
export interface ExchangeCodeOptions {
  /** The state getAuthorizationUrl() returned; needed when only a bare code is given. */
  state?: string;
}

/** The authorization URL to send the user to, and the state that identifies this attempt. */
export interface AuthorizationRequest {
  url: string;
  state: string;
}

/** Events of {@link OAuth2AuthorizationFlow}. */
export interface FlowEvents {
  /** Every new credential: after a code exchange, a refresh or a client credentials grant. */
  tokens: [credentials: Credentials, key: string];
}

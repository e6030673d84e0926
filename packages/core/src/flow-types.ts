import type { AxiosLike } from './axios-like.js';
import type { Credentials } from './credentials.js';
import type { RevocationOptions } from './grants/revocation.js';
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
  /**
   * How long to wait, at most, for a refresh another process has in flight (marked in the store)
   * before presenting the same refresh token: long enough for a paused holder to come back.
   * Default 60 000 ms.
   */
  inFlightWaitMs?: number;
  /**
   * How many keys served through `forKey()` keep their credentials in memory (least recently used
   * out first; an evicted key is read from the store again). The flow's own key always stays.
   * `0` keeps none: every call reads the store, and concurrent calls for one key are coordinated
   * by the store's lock alone (still one refresh per expiry, but more store round trips).
   * Default 10 000.
   */
  cacheSize?: number;
  /** Default: client_secret_basic with a secret, none without. */
  clientAuthentication?: ClientAuthentication;
  /** Abandon a token request after this long. Default 30 s. */
  timeoutMs?: number;
  /** How the revocation endpoint wants the token; provider presets set it (Google: the token alone). Default: RFC 7009's way. */
  revocation?: RevocationOptions;
  /** The axios instance (any axios 1.x copy) for requests the flow makes besides the token endpoint's. */
  http?: AxiosLike;
  /**
   * The authorization server's issuer identifier (RFC 9207 mix-up defence): an authorization
   * response whose `iss` differs is refused with an IssuerMismatchError. `discover()` sets it from
   * the server's metadata.
   */
  issuer?: string;
  /**
   * Refuse authorization responses without `iss`. `discover()` sets it when the metadata
   * advertises `authorization_response_iss_parameter_supported`. Default false. Needs `issuer`.
   * A bare code given to exchangeCode() (pasted without its URL) has no `iss` and is not refused.
   */
  requireIssuerInResponse?: boolean;
}

/** Options of {@link OAuth2AuthorizationFlow.getAuthorizationUrl}. */
export interface AuthorizationUrlOptions {
  /** Save the resulting credentials under this key instead of the flow's. */
  key?: string;
  /** Override the redirect_uri (the loopback mode sends one with its port). */
  redirectUri?: string;
  /** Override the scopes of the required params. */
  scope?: string | readonly string[];
  /**
   * More authorization request parameters, on top of the extra auth params; checked like them (no
   * client_id, redirect_uri, scope, state or PKCE parameter, no response_type but `code`).
   */
  params?: Readonly<Record<string, string>>;
}

/** Options of {@link OAuth2AuthorizationFlow.exchangeCode}. */
export interface ExchangeCodeOptions {
  /**
   * The state getAuthorizationUrl() returned. A redirect URL must carry the same one; a bare code
   * (no URL) is accepted only with it, since nothing else ties the code to an authorization.
   */
  state?: string;
  /**
   * Application data saved with the new credentials ({@link Credentials.meta}), in the same
   * write. Without it, the meta of the credentials being replaced is kept.
   */
  meta?: Readonly<Record<string, unknown>>;
}

/** Options of {@link OAuth2AuthorizationFlow.clientCredentials}. */
export interface ClientCredentialsOptions {
  /** The scopes to ask for. Default: the required params' scope. */
  scope?: string | readonly string[];
  /** Fetch a new token even when the stored one is fresh; it replaces the stored one only on success. */
  force?: boolean;
  /**
   * Application data saved with a token this call fetches ({@link Credentials.meta}). Without
   * it, the stored meta is kept; a stored token still fresh is returned as it is.
   */
  meta?: Readonly<Record<string, unknown>>;
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

import type { FakeTokenValidator } from '../fake-youtube/types.js';

/** Options of {@link startGoogleEmulator}. */
export interface GoogleEmulatorOptions {
  /** TCP port on 127.0.0.1. Default 0: a free port. */
  port?: number;
  /** Access token lifetime in seconds. Default 3599 (Google's `expires_in`). */
  accessTokenTtl?: number;
  /**
   * The OAuth consent screen's publishing status. `'testing'` (default, where every new Google
   * Cloud app starts): refresh tokens expire after 7 days, and token responses carry
   * `refresh_token_expires_in`. `'production'`: they do not expire and the field is absent.
   */
  publishingStatus?: 'testing' | 'production';
  /** The `interval` of device authorization responses, in seconds. Default 5 (Google's). */
  deviceInterval?: number;
  /** How long device and user codes stay valid, in seconds. Default 1800 (Google's). */
  deviceCodeTtl?: number;
}

/** A client registered at the emulator. Google issues a secret to every client type used here. */
export interface GoogleEmulatorClient {
  client_id: string;
  client_secret: string;
}

/** The pre-registered clients, one per Google client type. */
export interface GoogleEmulatorClients {
  /** "Desktop app": loopback redirects (`http://127.0.0.1:ANY/...`, `http://localhost:ANY/...`). */
  desktop: GoogleEmulatorClient;
  /** "Web application": the registered redirect URIs only (`https://localhost/`, `http://127.0.0.1/callback`). */
  web: GoogleEmulatorClient & { redirect_uris: readonly string[] };
  /** "TVs and Limited Input devices": the only type Google lets use the device flow. */
  tv: GoogleEmulatorClient;
}

/** Absolute URLs of the emulator's endpoints (Google's paths). */
export interface GoogleEmulatorEndpoints {
  /** `/o/oauth2/v2/auth` (accounts.google.com). */
  authorization: string;
  /** `/token` (oauth2.googleapis.com). */
  token: string;
  /** `/revoke` (oauth2.googleapis.com). */
  revocation: string;
  /** `/device/code` (oauth2.googleapis.com). */
  deviceAuthorization: string;
  /** `/v1/userinfo` (openidconnect.googleapis.com). */
  userinfo: string;
  /** `/.well-known/openid-configuration`. */
  discovery: string;
}

/** Counters kept by a running {@link GoogleEmulator}. */
export interface GoogleEmulatorStats {
  /** Authorization requests that ended in a redirect (a code or an error). */
  authorizations: number;
  /** Token endpoint calls per `grant_type` (errors included). */
  token: Record<string, number>;
  /** Token endpoint errors by `error` code. */
  tokenErrors: Record<string, number>;
  /** Revocation requests. */
  revocation: {
    /** Answered 200: a grant ended. */
    ok: number;
    /** Answered 400 `invalid_token`: the token was already revoked, expired or unknown. */
    invalidToken: number;
    /** Requests that carried client authentication (Google needs none and ignores it). */
    withClientAuthentication: number;
  };
  /** Device authorization requests answered with codes. */
  deviceAuthorization: number;
  /** Userinfo calls, by outcome. */
  userinfo: { ok: number; unauthorized: number };
}

/** Options of {@link GoogleEmulator.authorize} and {@link GoogleEmulator.approveDevice}. */
export interface GoogleUserDecision {
  /** The user refuses: `error=access_denied` (or `access_denied` when polling). */
  deny?: boolean;
}

/**
 * A running emulator of Google's OAuth 2.0 endpoints on 127.0.0.1; see {@link startGoogleEmulator}.
 */
export interface GoogleEmulator {
  /** The issuer (stands for `https://accounts.google.com`), e.g. `http://127.0.0.1:PORT`. */
  issuer: string;
  endpoints: GoogleEmulatorEndpoints;
  clients: GoogleEmulatorClients;
  /**
   * Plays the user in the browser: requests the authorization URL and, where Google shows its
   * consent screen, consents (or refuses). Resolves to the redirect URL with `code` and `state`
   * (or `error`). Rejects with Google's error (e.g. `redirect_uri_mismatch`) when Google would
   * show an error page instead of redirecting.
   */
  authorize(authorizationUrl: string, decision?: GoogleUserDecision): Promise<string>;
  /** Enters the user code at the verification URL and approves (or denies) the device. */
  approveDevice(userCode: string, decision?: GoogleUserDecision): Promise<void>;
  /** Validates bearer tokens for `startFakeYouTube({ validateToken })`: the user and scopes of a live access token. */
  validateToken: FakeTokenValidator;
  /** A snapshot of the counters. */
  stats(): GoogleEmulatorStats;
  /** Sets every counter back to zero. */
  resetStats(): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

import {
  OAuth2AuthorizationFlow,
  type ExtraAuthParams,
  type ExtraTokenParams,
  type FlowOptions,
  type RequiredParams,
  type RevocationOptions,
} from '@oauthflow/core';
import { definedOnly } from './defined-only.js';

/** Google's OAuth 2.0 endpoints. */
export interface GoogleEndpoints {
  authorization: string;
  token: string;
  revocation: string;
  deviceAuthorization: string;
  /** OpenID Connect userinfo (the profile `Api.getProfile()` reads). */
  userinfo: string;
}

/**
 * Google's production endpoints.
 * @see https://developers.google.com/identity/protocols/oauth2/web-server
 */
export const GOOGLE_ENDPOINTS: Readonly<GoogleEndpoints> = Object.freeze({
  authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  revocation: 'https://oauth2.googleapis.com/revoke',
  deviceAuthorization: 'https://oauth2.googleapis.com/device/code',
  userinfo: 'https://openidconnect.googleapis.com/v1/userinfo',
});

/**
 * How Google's revocation endpoint wants the token: one POST with the token alone, no client
 * authentication and no hint. Revoking the refresh token ends the whole grant; a token revoked
 * already is answered 400 `invalid_token`, which the flow counts as revoked.
 * @see https://developers.google.com/identity/protocols/oauth2/web-server#tokenrevoke
 */
export const GOOGLE_REVOCATION: Readonly<RevocationOptions> = Object.freeze({ clientAuthentication: 'none', tokenTypeHint: false });

/** python-youtube's default scopes: manage the YouTube account, read the basic profile. */
export const YOUTUBE_SCOPES: readonly string[] = Object.freeze(['https://www.googleapis.com/auth/youtube', 'https://www.googleapis.com/auth/userinfo.profile']);

/** python-youtube's default redirect URI (the browser lands on an error page; the user copies its URL). */
export const DEFAULT_REDIRECT_URI = 'https://localhost/';

/** The YouTube Data API v3 base URL. */
export const YOUTUBE_API_BASE_URL = 'https://www.googleapis.com/youtube/v3';

/** The base URL of YouTube's media uploads. */
export const YOUTUBE_UPLOAD_BASE_URL = 'https://www.googleapis.com/upload/youtube/v3';

/** Options of {@link googleProvider}. */
export interface GoogleProviderOptions {
  clientId: string;
  /** Omit for an installed app registered without a secret (PKCE only). */
  clientSecret?: string;
  /** Default `https://localhost/` (python-youtube's). */
  redirectUri?: string;
  /** Default {@link YOUTUBE_SCOPES}. */
  scopes?: string | readonly string[];
  /** Replace some endpoints, e.g. with a local authorization server in tests. */
  endpoints?: Partial<GoogleEndpoints>;
  /** Default `offline`: Google sends a refresh token only then. */
  accessType?: 'offline' | 'online';
  /** Default `consent`: without it Google sends the refresh token only on the first consent. */
  prompt?: string;
  /** More authorization parameters (e.g. `login_hint`, `include_granted_scopes`). */
  extraAuthParams?: ExtraAuthParams;
}

/** The three pyoauth2 parameter objects for Google, and the endpoints they came from. */
export interface GoogleProvider {
  required: RequiredParams;
  extraAuth: ExtraAuthParams;
  extraToken: ExtraTokenParams;
  endpoints: GoogleEndpoints;
  /** Flow options Google needs (its revocation style): spread them into the flow's options. */
  flowOptions: Pick<FlowOptions, 'revocation'>;
}

/**
 * The Google preset: pyoauth2's `required_params` / `extra_auth_params` / `extra_token_params`
 * for Google's endpoints, with `access_type=offline` and `prompt=consent` so a refresh token comes back.
 *
 * @example
 * const google = googleProvider({ clientId, clientSecret });
 * const flow = new OAuth2AuthorizationFlow(google.required, google.extraAuth, google.extraToken, { ...google.flowOptions, storage });
 */
export function googleProvider(options: GoogleProviderOptions): GoogleProvider {
  const endpoints: GoogleEndpoints = { ...GOOGLE_ENDPOINTS, ...definedOnly(options.endpoints ?? {}) };
  const required: RequiredParams = {
    client_id: options.clientId,
    auth_uri: endpoints.authorization,
    token_uri: endpoints.token,
    revoke_uri: endpoints.revocation,
    device_uri: endpoints.deviceAuthorization,
    scope: options.scopes ?? YOUTUBE_SCOPES,
    redirect_uri: options.redirectUri ?? DEFAULT_REDIRECT_URI,
    ...(options.clientSecret === undefined ? {} : { client_secret: options.clientSecret }),
  };
  const extraAuth: ExtraAuthParams = {
    access_type: options.accessType ?? 'offline',
    prompt: options.prompt ?? 'consent',
    ...options.extraAuthParams,
  };
  return { required, extraAuth, extraToken: {}, endpoints, flowOptions: { revocation: GOOGLE_REVOCATION } };
}

/**
 * A flow for Google: {@link googleProvider} plus core's flow options (storage, key, …).
 * @example
 * const flow = createGoogleFlow({ clientId, clientSecret, storage: new FileStorage('tokens.json') });
 */
export function createGoogleFlow(options: GoogleProviderOptions & FlowOptions): OAuth2AuthorizationFlow {
  const google = googleProvider(options);
  return new OAuth2AuthorizationFlow(google.required, google.extraAuth, google.extraToken, { ...google.flowOptions, ...options });
}

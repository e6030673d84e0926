import { ConfigurationError, type OAuth2AuthorizationFlow, type Storage } from '@oauthflow/core';
import type { RetryOptions } from '../client/retry.js';
import { YouTube } from '../client/youtube.js';
import { definedOnly } from '../defined-only.js';
import { createGoogleFlow, GOOGLE_ENDPOINTS, type GoogleEndpoints } from '../google-provider.js';
import type { ListResponse, Many } from '../types/common.js';
import type { Channel, Playlist, SearchResult, Video } from '../generated/schemas.js';
import { AccessToken } from './access-token.js';
import { collectPages, type CollectOptions } from './collect.js';
import { toUserProfile, type UserProfile } from './profile.js';

/** Options of {@link Api}: app credentials for the authorization flow, or a token / API key. */
export interface ApiOptions {
  clientId?: string;
  clientSecret?: string;
  /** Where tokens are kept (default: memory). A FileStorage makes them survive restarts. */
  storage?: Storage;
  /** The storage key. Default `'default'`. */
  key?: string;
  /** Default `https://localhost/` (python-youtube's). */
  redirectUri?: string;
  /** Default: youtube + userinfo.profile. */
  scopes?: string | readonly string[];
  /** Replace Google endpoints (tests point them at local servers). */
  endpoints?: Partial<GoogleEndpoints>;
  /** Use this token as is (python-youtube's `Api(access_token=…)`); no refresh. */
  accessToken?: string;
  /** For public data without authorization (python-youtube's `Api(api_key=…)`). */
  apiKey?: string;
  /** YouTube Data API base URL (tests: a fake's). */
  baseURL?: string;
  uploadBaseURL?: string;
  retry?: RetryOptions | false;
  quotaLimit?: number;
}

/** Which parts to fetch. */
interface PartsOption {
  parts?: Many;
  hl?: string;
}

const ALL_PLAYLIST_PARTS = ['id', 'snippet', 'status', 'contentDetails', 'player', 'localizations'];
const ALL_CHANNEL_PARTS = ['id', 'snippet', 'contentDetails', 'statistics', 'status', 'brandingSettings', 'topicDetails', 'localizations'];
const ALL_VIDEO_PARTS = ['id', 'snippet', 'contentDetails', 'status', 'statistics', 'player', 'topicDetails', 'localizations'];

/**
 * python-youtube's `Api`, step for step: `getAuthorizationUrl()`, `generateAccessToken()` with the
 * pasted redirect URL, then `getPlaylists()`, `getProfile()`, … Built on a Google flow (PKCE,
 * state, storage, refresh) and the typed {@link YouTube} client (`api.youtube`).
 *
 * @example
 * const api = new Api({ clientId, clientSecret });
 * const { url } = await api.getAuthorizationUrl();          // open it, allow, copy the redirect URL
 * const token = await api.generateAccessToken({ authorizationResponse: pastedUrl });
 * const playlists = await api.getPlaylists({ mine: true });
 * const profile = await api.getProfile();                    // { id, name, … }
 */
export class Api {
  /** The authorization flow (absent with only an access token or API key). */
  readonly flow?: OAuth2AuthorizationFlow;
  /** The typed client this facade calls. */
  readonly youtube: YouTube;
  readonly #userinfo: string;

  constructor(options: ApiOptions) {
    this.#userinfo = options.endpoints?.userinfo ?? GOOGLE_ENDPOINTS.userinfo;
    if (options.clientId !== undefined) {
      this.flow = createGoogleFlow({
        clientId: options.clientId,
        ...pick(options, ['clientSecret', 'redirectUri', 'scopes', 'endpoints', 'storage', 'key']),
      });
    } else if (options.accessToken === undefined && options.apiKey === undefined) {
      throw new ConfigurationError('Api needs clientId (and clientSecret) to authorize, or an accessToken, or an apiKey');
    }
    this.youtube = new YouTube({
      ...(options.accessToken === undefined ? (this.flow ? { flow: this.flow } : {}) : { accessToken: options.accessToken }),
      ...pick(options, ['apiKey', 'baseURL', 'uploadBaseURL', 'retry', 'quotaLimit']),
    });
  }

  /** The URL to send the user to, and the state that identifies this attempt. */
  async getAuthorizationUrl(options: { redirectUri?: string; scopes?: string | readonly string[]; params?: Record<string, string> } = {}): Promise<{ url: string; state: string }> {
    return this.#flow().getAuthorizationUrl({
      ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}),
      ...(options.scopes ? { scope: options.scopes } : {}),
      ...(options.params ? { params: options.params } : {}),
    });
  }

  /** Exchanges the pasted redirect URL (or a bare `code` with its `state`) for tokens, and stores them. */
  async generateAccessToken(options: { authorizationResponse?: string; code?: string; state?: string }): Promise<AccessToken> {
    const response = options.authorizationResponse ?? options.code;
    if (response === undefined) throw new ConfigurationError('generateAccessToken needs authorizationResponse (the whole redirect URL) or code');
    const credentials = await this.#flow().exchangeCode(response, options.state === undefined ? {} : { state: options.state });
    return new AccessToken(credentials);
  }

  /** Refreshes the stored tokens now. */
  async refreshToken(): Promise<AccessToken> {
    return new AccessToken(await this.#flow().refresh());
  }

  /** Revokes the tokens at Google and deletes them from the storage. */
  async revokeToken(): Promise<void> {
    return this.#flow().revoke();
  }

  /** The authorized user's profile, from the userinfo endpoint. */
  async getProfile(): Promise<UserProfile> {
    return toUserProfile(await this.youtube.api.request<unknown>(this.#userinfo));
  }

  /** Playlists of a channel, by id, or the user's own (`mine: true`). `count` defaults to 5 (`null`: all). */
  async getPlaylists(options: { channelId?: string; playlistId?: Many; mine?: boolean } & PartsOption & CollectOptions): Promise<ListResponse<Playlist>> {
    const filter = exactlyOne('getPlaylists', { channelId: ['channelId', options.channelId], playlistId: ['id', options.playlistId], mine: ['mine', options.mine || undefined] });
    return collectPages(async (page) => (await this.youtube.playlists.list({ part: options.parts ?? ALL_PLAYLIST_PARTS, ...filter, ...hl(options), ...page })).data, options, { count: 5, limit: 5 });
  }

  /** A channel by id, handle or username, or the user's own (`mine: true`). */
  async getChannelInfo(options: { channelId?: Many; forHandle?: string; forUsername?: string; mine?: boolean } & PartsOption): Promise<ListResponse<Channel>> {
    const filter = exactlyOne('getChannelInfo', { channelId: ['id', options.channelId], forHandle: ['forHandle', options.forHandle], forUsername: ['forUsername', options.forUsername], mine: ['mine', options.mine || undefined] });
    return (await this.youtube.channels.list({ part: options.parts ?? ALL_CHANNEL_PARTS, ...filter, ...hl(options) })).data;
  }

  /** Videos by id (one or several). */
  async getVideoById(options: { videoId: Many; maxHeight?: number; maxWidth?: number } & PartsOption): Promise<ListResponse<Video>> {
    const { videoId, parts, hl: language, ...rest } = options;
    return (await this.youtube.videos.list({ part: parts ?? ALL_VIDEO_PARTS, id: videoId, ...rest, ...(language ? { hl: language } : {}) })).data;
  }

  /** Searches videos, channels and playlists. `count` and `limit` default to 10. */
  async search(options: { q?: string; searchType?: Many; channelId?: string; order?: string; regionCode?: string; parts?: Many } & CollectOptions): Promise<ListResponse<SearchResult>> {
    const params = {
      part: options.parts ?? ['snippet'],
      ...definedOnly({ q: options.q, type: options.searchType, channelId: options.channelId, order: options.order, regionCode: options.regionCode }),
    };
    return collectPages(async (page) => (await this.youtube.search.list({ ...params, ...page })).data, options, { count: 10, limit: 10 });
  }

  #flow(): OAuth2AuthorizationFlow {
    if (this.flow === undefined) throw new ConfigurationError('This Api was created without clientId: it cannot authorize; give clientId and clientSecret');
    return this.flow;
  }
}

/** The one filter given, as an API param: `{ option: [paramName, value] }` → `{ paramName: value }`. */
function exactlyOne(method: string, filters: Record<string, [string, Many | boolean | undefined]>): Record<string, Many | boolean> {
  const given = Object.values(filters).filter(([, value]) => value !== undefined) as Array<[string, Many | boolean]>;
  if (given.length !== 1) throw new ConfigurationError(`${method}: give exactly one of ${Object.keys(filters).join(', ')}`);
  return Object.fromEntries(given);
}

function hl(options: PartsOption): { hl?: string } {
  return options.hl ? { hl: options.hl } : {};
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}

import { ConfigurationError, type OAuth2AuthorizationFlow, type Storage } from '@oauthflow/core';
import type { RetryOptions } from '../client/retry.js';
import { YouTube, type YouTubeOptions } from '../client/youtube.js';
import { createGoogleFlow, GOOGLE_ENDPOINTS, type GoogleEndpoints } from '../google-provider.js';
import type { Many } from '../types/common.js';
import { AccessToken } from './access-token.js';
import { pagedByPageToken, type PagedBody } from './collect.js';
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
  /** Limits per quota bucket (see `QuotaMeter`). */
  quotaLimits?: YouTubeOptions['quotaLimits'];
}

/** The authorization half of {@link Api}: python-youtube's token methods, the profile and paging. */
export class ApiBase {
  /** The authorization flow (absent with only an access token or API key). */
  readonly flow?: OAuth2AuthorizationFlow;
  /** The typed client this facade calls. */
  readonly youtube: YouTube;
  readonly #userinfo: string;
  /** Made with app credentials or an access token (not only an API key). */
  protected readonly authorized: boolean;

  constructor(options: ApiOptions) {
    this.#userinfo = options.endpoints?.userinfo ?? GOOGLE_ENDPOINTS.userinfo;
    this.authorized = options.clientId !== undefined || options.accessToken !== undefined;
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
      ...pick(options, ['apiKey', 'baseURL', 'uploadBaseURL', 'retry', 'quotaLimit', 'quotaLimits']),
    });
  }

  /** python-youtube's `get_authorization_url`: the URL to send the user to, and the state that identifies this attempt. */
  async getAuthorizationUrl(
    options: { redirectUri?: string; scopes?: string | readonly string[]; params?: Record<string, string> } = {},
  ): Promise<{ url: string; state: string }> {
    return this.authFlow.getAuthorizationUrl({
      ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}),
      ...(options.scopes ? { scope: options.scopes } : {}),
      ...(options.params ? { params: options.params } : {}),
    });
  }

  /** python-youtube's `generate_access_token`: exchanges the pasted redirect URL (or a bare `code` with its `state`) for tokens, and stores them. */
  async generateAccessToken(options: { authorizationResponse?: string; code?: string; state?: string }): Promise<AccessToken> {
    const response = options.authorizationResponse ?? options.code;
    if (response === undefined) throw new ConfigurationError('generateAccessToken needs authorizationResponse (the whole redirect URL) or code');
    const credentials = await this.authFlow.exchangeCode(response, options.state === undefined ? {} : { state: options.state });
    return new AccessToken(credentials);
  }

  /** python-youtube's `refresh_token`: refreshes the stored tokens now. */
  async refreshToken(): Promise<AccessToken> {
    return new AccessToken(await this.authFlow.refresh());
  }

  /** Revokes the tokens at Google and deletes them from the storage. */
  async revokeToken(): Promise<void> {
    return this.authFlow.revoke();
  }

  /** python-youtube's `get_profile`: the authorized user's profile, from the userinfo endpoint. */
  async getProfile(): Promise<UserProfile> {
    return toUserProfile(await this.youtube.api.request<unknown>(this.#userinfo));
  }

  /**
   * python-youtube's `paged_by_page_token`: calls `resource.list` with `params`, page after page,
   * until `count` items are gathered (`null`: all), and answers one body with all of them.
   * @example
   * const body = await api.pagedByPageToken('playlistItems', { part: ['snippet'], playlistId, maxResults: 50 }, null);
   */
  async pagedByPageToken(resource: ListResource, params: Record<string, unknown> & { part: Many }, count: number | null = null): Promise<PagedBody> {
    const client = this.youtube[resource] as unknown as { list(params: object): Promise<{ data: PagedBody }> };
    return this.paged(`${resource}.list`, async (page) => (await client.list({ ...params, ...page })).data, count);
  }

  /** Pages through one list method (python-youtube's paging). */
  protected paged<Body extends PagedBody>(methodId: string, fetchPage: (page: { pageToken?: string }) => Promise<Body>, count: number | null): Promise<Body> {
    return pagedByPageToken(methodId, fetchPage, count);
  }

  /** The flow, or a clear error when this Api was made without app credentials. */
  protected get authFlow(): OAuth2AuthorizationFlow {
    if (this.flow === undefined) throw new ConfigurationError('This Api was created without clientId: it cannot authorize; give clientId and clientSecret');
    return this.flow;
  }
}

/** Resources with a list method. */
export type ListResource = {
  [R in keyof YouTube]: YouTube[R] extends { list: (...args: never[]) => unknown } ? R : never;
}[keyof YouTube];

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) picked[key] = value[key];
  return picked;
}

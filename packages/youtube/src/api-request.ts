import axios, { type AxiosInstance } from 'axios';
import { APIRequestError, ConfigurationError, OAuth2APIRequest, type APIRequestOptions, type TokenSource } from '@oauthflow/core';
import { YouTubeAPIError } from './errors.js';
import { YOUTUBE_API_BASE_URL } from './google-provider.js';

/** Options of {@link YouTubeAPIRequest}. */
export interface YouTubeAPIRequestOptions extends APIRequestOptions {
  /** An API key: sent as `key=` on every request; enough for public data without a token. */
  apiKey?: string;
}

/**
 * pyoauth2's `YouTubeAPIRequest`: authorized JSON requests to the YouTube Data API v3
 * (`https://www.googleapis.com/youtube/v3` unless `baseURL` says otherwise). Google's error
 * bodies become {@link YouTubeAPIError}s; a 401 refreshes once and retries once (core's rule).
 *
 * @example
 * const api = new YouTubeAPIRequest(flow);
 * const body = await api.request<ListResponse<Playlist>>('/playlists', { params: { part: 'snippet', mine: true } });
 */
export class YouTubeAPIRequest extends OAuth2APIRequest {
  readonly #apiKey: string | undefined;

  /** @param source a token, credentials or a flow; `undefined` with an `apiKey` for key-only access */
  constructor(source: TokenSource | undefined, options: YouTubeAPIRequestOptions = {}) {
    if (source === undefined && !options.apiKey)
      throw new ConfigurationError('YouTubeAPIRequest needs a token source (flow, credentials or access token) or an apiKey');
    super(source ?? '', { axios: prepareAxios(options) });
    this.#apiKey = options.apiKey;
    this.http.interceptors.request.use((config) => {
      if (this.#apiKey) config.params = withKey(config.params, this.#apiKey);
      return config;
    });
    this.http.interceptors.response.use(undefined, (error: unknown) => {
      if (error instanceof APIRequestError && !(error instanceof YouTubeAPIError)) throw YouTubeAPIError.from(error);
      throw error;
    });
  }

  /** Bearer when there is a token; nothing in key-only mode. */
  protected override authorizationHeader(accessToken: string): Record<string, string> {
    return accessToken === '' ? {} : super.authorizationHeader(accessToken);
  }
}

/** The axios instance, with Google's array format: repeated keys (part=a&part=b), not axios' part[]=a. */
function prepareAxios(options: YouTubeAPIRequestOptions): AxiosInstance {
  const instance = (options.axios as AxiosInstance | undefined) ?? axios.create();
  instance.defaults.baseURL ??= options.baseURL ?? YOUTUBE_API_BASE_URL;
  instance.defaults.paramsSerializer ??= { indexes: null };
  return instance;
}

function withKey(params: unknown, key: string): URLSearchParams | Record<string, unknown> {
  if (params instanceof URLSearchParams) {
    const copy = new URLSearchParams(params);
    copy.set('key', key);
    return copy;
  }
  return { ...(typeof params === 'object' && params !== null ? params : {}), key };
}

import axios, { AxiosError, type AxiosInstance } from 'axios';
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
    if (source === undefined && !options.apiKey) throw new ConfigurationError('YouTubeAPIRequest needs a token source (flow, credentials or access token) or an apiKey');
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

/**
 * The axios instance with one interceptor that runs before core's: error answers other than 401
 * (which core refreshes and retries) become YouTubeAPIErrors while the Retry-After header is
 * still at hand.
 */
function prepareAxios(options: YouTubeAPIRequestOptions): AxiosInstance {
  const instance = options.axios ?? axios.create();
  instance.defaults.baseURL ??= options.baseURL ?? YOUTUBE_API_BASE_URL;
  // Arrays as repeated keys (part=a&part=b), as Google expects, not axios' part[]=a.
  instance.defaults.paramsSerializer ??= { indexes: null };
  instance.interceptors.response.use(undefined, (error: unknown) => {
    const response = error instanceof AxiosError ? error.response : undefined;
    if (!(error instanceof AxiosError) || response === undefined || response.status === 401 || error.config === undefined) throw error;
    const method = (error.config.method ?? 'get').toUpperCase();
    const url = describeUrl(error.config.url, error.config.baseURL);
    const plain = new APIRequestError(`${method} ${url} answered HTTP ${response.status}`, { status: response.status, body: response.data, method, url });
    throw YouTubeAPIError.from(plain, parseRetryAfter(response.headers['retry-after']));
  });
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

/** The URL without its query string (it may carry the API key). */
function describeUrl(url: string | undefined, baseURL: string | undefined): string {
  try {
    const parsed = new URL(joinURL(baseURL, url ?? ''));
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return (url ?? '').split('?')[0] ?? '';
  }
}

function joinURL(baseURL: string | undefined, url: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || baseURL === undefined) return url;
  return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

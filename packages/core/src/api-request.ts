import type { AxiosError, AxiosInstance, AxiosRequestConfig, InternalAxiosRequestConfig } from 'axios';
import { asAxiosInstance, type AxiosLike } from './axios-like.js';
import { Credentials } from './credentials.js';
import { APIRequestError, ConfigurationError, NetworkError, safeCause } from './errors.js';
import { OAuth2AuthorizationFlow } from './flow.js';
import { isLoopbackHost } from './params.js';
import { createAxios, isAxiosError } from './lazy-axios.js';
import { KeyHandle } from './key-handle.js';
import { parseRetryAfter } from './retry-after.js';

/** Where an API request gets its access token. */
export type TokenSource = string | Credentials | OAuth2AuthorizationFlow | KeyHandle;

/** Options of {@link OAuth2APIRequest}. */
export interface APIRequestOptions {
  /** Prefix for relative request URLs. */
  baseURL?: string;
  /**
   * Use this axios instance (its interceptors run too) instead of a new one: any axios 1.x
   * instance, from any copy of axios.
   */
  axios?: AxiosLike;
  /**
   * Send the token over plain `http://` to hosts other than the loopback addresses. Off by
   * default: a bearer token sent in clear text can be read and replayed by anyone on the path
   * (RFC 6750 §5.3). Only for test setups whose fake API runs on another host name (e.g. a
   * container); never in production.
   */
  allowInsecureHttp?: boolean;
}

/** Marks a request already retried after a 401; axios keeps unknown config fields through retries. */
const RETRIED = '_oauthflowRetried';

/**
 * Makes authorized API requests with axios: every request carries the header from
 * {@link authorizationHeader}. With a flow as source, the token is kept fresh, and a 401 refreshes
 * once (only if no other request already did) and retries once.
 *
 * @example
 * class YouTubeAPIRequest extends OAuth2APIRequest {
 *   constructor(flow: OAuth2AuthorizationFlow) { super(flow, { baseURL: 'https://www.googleapis.com/youtube/v3' }); }
 * }
 * const playlists = await new YouTubeAPIRequest(flow).request('/playlists', { params: { part: 'snippet', mine: true } });
 */
export class OAuth2APIRequest {
  /** The axios instance, with the bearer interceptor installed. */
  readonly http: AxiosInstance;
  readonly #source: TokenSource;
  readonly #sentTokens = new WeakMap<InternalAxiosRequestConfig, string>();
  readonly #baseURL: string | undefined;
  readonly #allowInsecureHttp: boolean;

  constructor(source: TokenSource, options: APIRequestOptions = {}) {
    this.#source = source;
    this.#baseURL = options.baseURL;
    this.#allowInsecureHttp = options.allowInsecureHttp === true;
    this.http = options.axios ? asAxiosInstance(options.axios) : createAxios();
    this.http.interceptors.request.use(async (config) => {
      // Per request, so a caller's own axios instance is not changed for its other users.
      if (config.baseURL === undefined && this.#baseURL !== undefined) config.baseURL = this.#baseURL;
      // Before the token is fetched or any byte is sent.
      if (!this.#allowInsecureHttp) refusePlainHttp(this.http.getUri(config));
      const accessToken = await this.#accessToken();
      this.#sentTokens.set(config, accessToken);
      setHeaders(config, this.authorizationHeader(accessToken));
      return config;
    });
    this.http.interceptors.response.use(undefined, (error: unknown) => this.#onError(error));
  }

  /**
   * The headers that authorize a request. Override for providers that want another scheme
   * (e.g. `{ Authorization: \`token ${accessToken}\` }`).
   */
  protected authorizationHeader(accessToken: string): Record<string, string> {
    return { Authorization: `Bearer ${accessToken}` };
  }

  /**
   * Sends a request and resolves with the response body.
   * @throws {APIRequestError} for an HTTP error status (after one refresh-and-retry on 401)
   * @throws {NetworkError} when the server cannot be reached
   */
  async request<T = unknown>(url: string, config: AxiosRequestConfig = {}): Promise<T> {
    const response = await this.http.request<T>({ ...config, url });
    return response.data;
  }

  async #accessToken(): Promise<string> {
    const source = this.#source;
    if (typeof source === 'string') return source;
    if (source instanceof Credentials) return source.accessToken;
    return source.getAccessToken();
  }

  async #onError(error: unknown): Promise<unknown> {
    // Not instanceof: the instance may come from another copy of axios than this package's.
    if (!isAxiosError(error) || error.config === undefined) throw error;
    const config = error.config as InternalAxiosRequestConfig & { [RETRIED]?: boolean };
    const status = error.response?.status;
    if (status === 401 && (this.#source instanceof OAuth2AuthorizationFlow || this.#source instanceof KeyHandle) && !config[RETRIED]) {
      const sent = this.#sentTokens.get(config);
      if (sent !== undefined) await this.#source.refreshIfCurrent(sent);
      return this.http.request({ ...config, [RETRIED]: true } as AxiosRequestConfig);
    }
    throw toAPIError(error, config, this.http);
  }
}

/**
 * Refuses a plain-http URL to a host outside the loopback interface (RFC 6750 §5.3). Relative URLs
 * are left to axios, which cannot send them anyway.
 * @throws {ConfigurationError}
 */
function refusePlainHttp(target: string): void {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `Refusing to send an access token over plain http to ${url.origin} (RFC 6750 §5.3): use https, ` +
        'or pass { allowInsecureHttp: true } to OAuth2APIRequest in a test setup',
    );
  }
}

/**
 * Sets headers through the request's own headers object: it belongs to the axios copy that sends
 * the request, which may not be this package's (another copy's AxiosHeaders would be dropped).
 */
function setHeaders(config: InternalAxiosRequestConfig, headers: Record<string, string>): void {
  const current: unknown = config.headers;
  if (typeof (current as { set?: unknown } | undefined)?.set === 'function') {
    for (const [name, value] of Object.entries(headers)) config.headers.set(name, value);
  } else {
    config.headers = { ...(current as object | undefined), ...headers } as InternalAxiosRequestConfig['headers'];
  }
}

/** An axios error without its config and request, which hold the Authorization header. */
function toAPIError(error: AxiosError, config: InternalAxiosRequestConfig, http: AxiosInstance): Error {
  const method = (config.method ?? 'get').toUpperCase();
  const url = describeUrl(config, http);
  if (error.response === undefined) {
    return new NetworkError(`${method} ${url} failed: ${error.code ?? error.message}`, { cause: safeCause(error) });
  }
  const { status, data: body, headers } = error.response;
  const retryAfter = parseRetryAfter(headers['retry-after']);
  return new APIRequestError(
    `${method} ${url} answered HTTP ${status}`,
    {
      status,
      body,
      method,
      url,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    },
    { cause: safeCause(error) },
  );
}

/** The URL as axios sent it (baseURL joined, not resolved), without the query, which may carry keys. */
function describeUrl(config: InternalAxiosRequestConfig, http: AxiosInstance): string {
  const full = http.getUri({ ...config, params: undefined });
  try {
    const url = new URL(full);
    return `${url.origin}${url.pathname}`;
  } catch {
    return full.split('?')[0] ?? '';
  }
}

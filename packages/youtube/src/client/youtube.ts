import { type AxiosLike, ConfigurationError, type Credentials, type KeyHandle, type OAuth2AuthorizationFlow, type TokenSource } from '@oauthflow/core';
import { YouTubeAPIRequest } from '../api-request.js';
import { YOUTUBE_UPLOAD_BASE_URL } from '../google-provider.js';
import type { ResourceClient, ResourceName } from '../types/methods.js';
import { MethodCaller, checkChunkSize } from './caller.js';
import { METHOD_TABLE } from './method-table.js';
import { QuotaMeter, type QuotaBucket } from './quota.js';
import { createResourceClient } from './resource-client.js';
import { retryPolicy, type RetryOptions } from './retry.js';
import { pollLiveChat, type PollLiveChatOptions } from './live-chat.js';
import type { LiveChatMessagesListParams } from '../generated/params.js';
import type { LiveChatMessage } from '../generated/schemas.js';

/** Options of {@link YouTube}: one way to authorize (`flow`, `accessToken`/`credentials` or `apiKey`). */
export interface YouTubeOptions {
  /**
   * A flow, or one user's `flow.forKey(key)` handle: tokens are refreshed as needed, and a 401
   * refreshes once and retries once.
   */
  flow?: OAuth2AuthorizationFlow | KeyHandle;
  /** A fixed access token (no refresh). */
  accessToken?: string;
  /** Fixed credentials (no refresh). */
  credentials?: Credentials;
  /** An API key, for public data; combined with a token source it is sent too. */
  apiKey?: string;
  /** Default `https://www.googleapis.com/youtube/v3`. */
  baseURL?: string;
  /** Default `https://www.googleapis.com/upload/youtube/v3`. */
  uploadBaseURL?: string;
  /** Retries of idempotent methods on 429, 5xx and rate-limit 403s; `false` for none. */
  retry?: RetryOptions | false;
  /** Refuse calls that would spend more than this many shared quota units today (`search.list` and `videos.insert` have their own buckets: see `quotaLimits`). */
  quotaLimit?: number;
  /** Limits per bucket, e.g. `DEFAULT_QUOTA_LIMITS` (10,000 units, 100 `search.list`, 100 `videos.insert`). */
  quotaLimits?: Partial<Record<QuotaBucket, number>>;
  /** Share one meter between clients (its own limits apply; `quotaLimit`/`quotaLimits` replace them when given). */
  quotaMeter?: QuotaMeter;
  /** Upload chunk size in bytes: a multiple of 256 KiB. Default 8 MiB. */
  uploadChunkSize?: number;
  /** Send through this axios instance: any axios 1.x, from any copy of axios. */
  axios?: AxiosLike;
}

/** Top-level resource names (`'videos'`, …), without the nested `youtube.v3.liveChat.messages`. */
type TopResource = Exclude<ResourceName, `${string}.${string}`>;

/**
 * One client object per resource: `yt.playlists`, `yt.videos`, …, and the nested
 * `yt.youtube.v3.liveChat.messages` where Google's client has it (see {@link YouTubeMethods}).
 */
export type YouTubeResources = { readonly [R in TopResource]: ResourceClient<R> } & {
  readonly youtube: { readonly v3: { readonly liveChat: { readonly messages: ResourceClient<'youtube.v3.liveChat.messages'> } } };
};

// The resource properties are created from the method table in the constructor.
export interface YouTube extends YouTubeResources {}

/**
 * A typed YouTube Data API v3 client whose methods mirror Google's official client:
 * `yt.playlists.insert({ part, requestBody })`, `yt.videos.list({ part: ['snippet'], id: ['a', 'b'] })`,
 * each resolving `{ data, status, headers }`. Adds `listAll()` pagination, retries with backoff,
 * a quota meter and resumable uploads.
 *
 * @example
 * const yt = new YouTube({ flow, quotaLimit: 5_000 });
 * const { data } = await yt.channels.list({ part: ['snippet', 'statistics'], mine: true });
 * for await (const item of yt.playlistItems.listAll({ part: ['snippet'], playlistId }, { limit: 200 })) console.log(item.snippet?.title);
 * yt.quotaUsed; // 1 + the pages fetched
 */
export class YouTube {
  /** The underlying authorized requester (also usable for raw calls). */
  readonly api: YouTubeAPIRequest;
  /** The quota meter: `yt.quota.used`, `yt.quota.usedIn('search.list')`, `yt.quota.snapshot()`, … */
  readonly quota: QuotaMeter;

  constructor(options: YouTubeOptions) {
    const source = tokenSource(options);
    this.api = new YouTubeAPIRequest(source, {
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      ...(options.axios ? { axios: options.axios } : {}),
    });
    this.quota = options.quotaMeter ?? new QuotaMeter();
    Object.assign(this.quota.limits, options.quotaLimits);
    if (options.quotaLimit !== undefined) this.quota.limit = options.quotaLimit;
    const chunkSize = options.uploadChunkSize ?? 8 * 1024 * 1024;
    checkChunkSize(chunkSize);
    const caller = new MethodCaller({
      api: this.api,
      meter: this.quota,
      retry: retryPolicy(options.retry),
      chunkSize,
      uploadBaseURL: options.uploadBaseURL ?? YOUTUBE_UPLOAD_BASE_URL,
    });
    for (const resource of Object.keys(METHOD_TABLE) as ResourceName[]) {
      // `youtube.v3.liveChat.messages` hangs under nested objects, as in Google's client.
      const [first, ...rest] = resource.split('.') as [string, ...string[]];
      const client = createResourceClient(caller, resource);
      if (rest.length === 0) {
        Object.defineProperty(this, first, { value: client, enumerable: true });
        continue;
      }
      let owner = (this as unknown as Record<string, Record<string, unknown>>)[first] ?? {};
      Object.defineProperty(this, first, { value: owner, enumerable: true, configurable: true });
      for (const [index, name] of rest.entries()) {
        if (index === rest.length - 1) owner[name] = client;
        else owner = (owner[name] ??= {}) as Record<string, unknown>;
      }
    }
  }

  /**
   * The messages of a live chat as they arrive: polls `liveChatMessages.list` from each
   * `nextPageToken`, waiting the `pollingIntervalMillis` the server asks for, until the chat ends.
   * Every poll is a `liveChatMessages.list` call (quota included).
   * @example
   * const { data } = await yt.videos.list({ part: ['liveStreamingDetails'], id: videoId });
   * const liveChatId = data.items?.[0]?.liveStreamingDetails?.activeLiveChatId ?? '';
   * for await (const message of yt.pollLiveChat({ liveChatId, part: ['snippet', 'authorDetails'] })) console.log(message.snippet?.displayMessage);
   */
  pollLiveChat(params: LiveChatMessagesListParams, options?: PollLiveChatOptions): AsyncGenerator<LiveChatMessage, void, undefined> {
    return pollLiveChat((page, callOptions) => this.liveChatMessages.list(page, callOptions), params, options);
  }

  /** Shared quota units spent today by this client's meter. */
  get quotaUsed(): number {
    return this.quota.used;
  }
}

function tokenSource(options: YouTubeOptions): TokenSource | undefined {
  const sources = [options.flow, options.accessToken, options.credentials].filter((source) => source !== undefined);
  if (sources.length > 1) throw new ConfigurationError('YouTube: give one of flow, accessToken or credentials, not several');
  if (sources.length === 0 && !options.apiKey) throw new ConfigurationError('YouTube: give a flow, an accessToken, credentials or an apiKey');
  return sources[0];
}

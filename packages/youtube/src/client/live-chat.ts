import type { LiveChatMessagesListParams } from '../generated/params.js';
import { YouTubeAPIError } from '../errors.js';
import type { CallOptions, YouTubeResponse } from '../types/common.js';
import type { LiveChatMessage, LiveChatMessageListResponse } from '../generated/schemas.js';
import { sleep } from './retry.js';

/** Options of `yt.pollLiveChat()`. */
export interface PollLiveChatOptions extends Pick<CallOptions, 'signal' | 'headers'> {
  /** Never poll faster than this, whatever `pollingIntervalMillis` says. Default 0 (follow the server). */
  minIntervalMs?: number;
  /** Start after the messages already in the chat (skip the backlog the first answer holds). Default false. */
  skipBacklog?: boolean;
}

/** Lists one page of a live chat. */
export type ChatPageFetcher = (params: LiveChatMessagesListParams, options: CallOptions) => Promise<YouTubeResponse<LiveChatMessageListResponse>>;

/** Reasons that mean the chat is over, not that something went wrong. */
const CHAT_OVER = new Set(['liveChatEnded', 'liveChatDisabled']);

/**
 * Yields the messages of a live chat as they come: lists from the last `nextPageToken`, waits the
 * `pollingIntervalMillis` the server asks for between polls, and ends when the chat goes offline
 * (`offlineAt`, or a `liveChatEnded` answer). Stop early with `break` or the `signal`.
 */
export async function* pollLiveChat(
  fetchPage: ChatPageFetcher,
  params: LiveChatMessagesListParams,
  options: PollLiveChatOptions = {},
): AsyncGenerator<LiveChatMessage, void, undefined> {
  const callOptions: CallOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(options.headers ? { headers: options.headers } : {}) };
  let pageToken = params.pageToken;
  let first = true;
  for (;;) {
    let page: LiveChatMessageListResponse;
    try {
      page = (await fetchPage({ ...params, ...(pageToken === undefined ? {} : { pageToken }) }, callOptions)).data;
    } catch (error) {
      if (error instanceof YouTubeAPIError && CHAT_OVER.has(error.reason ?? '')) return;
      throw error;
    }
    if (!(first && options.skipBacklog)) yield* page.items ?? [];
    first = false;
    if (page.offlineAt !== undefined) return;
    pageToken = page.nextPageToken ?? pageToken;
    await sleep(Math.max(options.minIntervalMs ?? 0, page.pollingIntervalMillis ?? 0), options.signal);
  }
}

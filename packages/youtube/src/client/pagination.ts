import { ConfigurationError } from '@oauthflow/core';
import type { CallOptions, ListAllOptions, ListResponse, YouTubeResponse } from '../types/common.js';

/** Fetches one page of a list method. */
export type PageFetcher<Item> = (params: Record<string, unknown>, options: CallOptions) => Promise<YouTubeResponse<ListResponse<Item>>>;

/** The largest page the API serves. */
const MAX_PAGE = 50;

/**
 * Yields the items of every page, following `nextPageToken`, until there is none or `limit`
 * items were yielded. Without an explicit `maxResults`, pages are sized to what is still
 * wanted (at most 50), so a small limit costs one small request.
 */
export async function* paginate<Item>(fetchPage: PageFetcher<Item>, params: object, options: ListAllOptions = {}): AsyncGenerator<Item, void, undefined> {
  const { limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new ConfigurationError(`listAll: limit must be a non-negative integer, not ${limit}`);
  const base = { ...params } as Record<string, unknown>;
  const callOptions: CallOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(options.headers ? { headers: options.headers } : {}) };
  let pageToken = typeof base['pageToken'] === 'string' ? base['pageToken'] : undefined;
  let yielded = 0;
  while (limit === undefined || yielded < limit) {
    const sized = base['maxResults'] === undefined && limit !== undefined ? { maxResults: Math.min(MAX_PAGE, limit - yielded) } : {};
    const { data } = await fetchPage({ ...base, ...sized, ...(pageToken === undefined ? {} : { pageToken }) }, callOptions);
    for (const item of data.items ?? []) {
      if (limit !== undefined && yielded >= limit) return;
      yielded += 1;
      yield item;
    }
    pageToken = data.nextPageToken || undefined;
    if (pageToken === undefined) return;
  }
}

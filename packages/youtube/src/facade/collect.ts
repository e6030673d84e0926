import { ConfigurationError } from '@oauthflow/core';
import type { ListResponse } from '../types/common.js';

/** python-youtube's paging knobs. */
export interface CollectOptions {
  /** How many items to gather in total; `null` for all of them. */
  count?: number | null;
  /** Items per request (maxResults, 1-50). */
  limit?: number;
  /** Start from this page. */
  pageToken?: string;
}

/**
 * Gathers up to `count` items over as many pages as needed into one list response, as
 * python-youtube's `get_*` methods do; `nextPageToken` is the one to continue from.
 */
export async function collectPages<T>(
  fetchPage: (page: { maxResults: number; pageToken?: string }) => Promise<ListResponse<T>>,
  options: CollectOptions, defaults: { count: number; limit: number },
): Promise<ListResponse<T>> {
  const count = options.count === undefined ? defaults.count : options.count;
  const limit = options.limit ?? defaults.limit;
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= 50)) throw new ConfigurationError(`limit must be an integer from 1 to 50, not ${limit}`);
  if (count !== null && !(Number.isInteger(count) && count >= 0)) throw new ConfigurationError(`count must be a non-negative integer or null, not ${count}`);
  const items: T[] = [];
  let pageToken = options.pageToken;
  let first: ListResponse<T> | undefined;
  let last: ListResponse<T> | undefined;
  do {
    const wanted = count === null ? limit : Math.min(limit, count - items.length);
    last = await fetchPage({ maxResults: wanted, ...(pageToken === undefined ? {} : { pageToken }) });
    first ??= last;
    items.push(...(last.items ?? []).slice(0, count === null ? undefined : count - items.length));
    pageToken = last.nextPageToken || undefined;
  } while (pageToken !== undefined && (count === null || items.length < count));
  const { nextPageToken: _next, items: _items, ...envelope } = first;
  return { ...envelope, ...(pageToken === undefined ? {} : { nextPageToken: pageToken }), items };
}

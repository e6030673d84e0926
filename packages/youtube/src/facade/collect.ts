import { ConfigurationError } from '@oauthflow/core';
import { RepeatedPageTokenError } from '../errors.js';

/** python-youtube's paging knobs. */
export interface CollectOptions {
  /** How many items to gather in total; `null` for all of them (pages of the resource's largest size). */
  count?: number | null;
  /** Items per request (`maxResults`); python-youtube sends `min(count, limit)`. */
  limit?: number;
  /** Start from this page. */
  pageToken?: string;
}

/** A list response as python-youtube's `paged_by_page_token` sees it. */
export interface PagedBody {
  nextPageToken?: string;
  prevPageToken?: string;
  items?: unknown[];
}

/**
 * python-youtube's `paged_by_page_token`: requests pages of `maxResults` items (the same size
 * each time) until `count` items are gathered or there is no `nextPageToken`; answers the first
 * page's body with every gathered item (cut to `count`), and the last page's `nextPageToken` and
 * `prevPageToken`.
 * @throws {RepeatedPageTokenError} when the server repeats a `nextPageToken`
 */
export async function pagedByPageToken<Body extends PagedBody>(
  methodId: string,
  fetchPage: (page: { pageToken?: string }) => Promise<Body>,
  count: number | null,
): Promise<Body> {
  let first: Body | undefined;
  const items: unknown[] = [];
  let pageToken: string | undefined;
  let prevPageToken: string | undefined;
  const seen = new Set<string>();
  for (let pages = 1; ; pages += 1) {
    const page = await fetchPage(pageToken === undefined ? {} : { pageToken });
    first ??= page;
    items.push(...(page.items ?? []));
    pageToken = page.nextPageToken || undefined;
    prevPageToken = page.prevPageToken || undefined;
    if (count !== null && items.length >= count) break;
    if (pageToken === undefined) break;
    if (seen.has(pageToken)) throw new RepeatedPageTokenError(methodId, pages);
    seen.add(pageToken);
  }
  const { nextPageToken: _next, prevPageToken: _prev, items: _items, ...envelope } = first;
  return {
    ...envelope,
    ...(pageToken === undefined ? {} : { nextPageToken: pageToken }),
    ...(prevPageToken === undefined ? {} : { prevPageToken }),
    items: count === null ? items : items.slice(0, count),
  } as Body;
}

/**
 * The `maxResults` python-youtube sends: `min(count, limit)`, or the resource's largest page
 * when `count` is `null`.
 * @throws {ConfigurationError} for a count or limit that is not a positive integer
 */
export function pageSize(options: CollectOptions, defaults: { count: number; limit: number; max: number }): { count: number | null; maxResults: number } {
  const count = options.count === undefined ? defaults.count : options.count;
  const limit = options.limit ?? defaults.limit;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new ConfigurationError(`limit must be a positive integer, not ${limit}`);
  if (count !== null && !(Number.isInteger(count) && count >= 0)) throw new ConfigurationError(`count must be a non-negative integer or null, not ${count}`);
  return { count, maxResults: count === null ? defaults.max : Math.max(1, Math.min(count, limit)) };
}

import { ConfigurationError } from '@oauthflow/core';
import { RepeatedPageTokenError } from '../errors.js';
import type { CallOptions, ListAllOptions, ListPagesOptions, ListResponse, YouTubeResponse } from '../types/common.js';

/** Fetches one page of a list method. */
export type PageFetcher<Item> = (params: Record<string, unknown>, options: CallOptions) => Promise<YouTubeResponse<ListResponse<Item>>>;

/** The largest page the API serves. */
const MAX_PAGE = 50;

/**
 * Yields every page of a list method, following `nextPageToken` until there is none or
 * `maxPages` pages were read. A token the server already gave is never followed twice.
 * @throws {RepeatedPageTokenError} when the server repeats a `nextPageToken` (it would loop forever)
 */
export async function* paginatePages<Item>(
  methodId: string,
  fetchPage: PageFetcher<Item>,
  params: object,
  options: ListPagesOptions & { sizeFor?: () => number | undefined } = {},
): AsyncGenerator<YouTubeResponse<ListResponse<Item>>, void, undefined> {
  const { maxPages } = options;
  if (maxPages !== undefined && !(Number.isInteger(maxPages) && maxPages >= 0))
    throw new ConfigurationError(`${methodId}: maxPages must be a non-negative integer, not ${maxPages}`);
  const base = { ...params } as Record<string, unknown>;
  const callOptions: CallOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(options.headers ? { headers: options.headers } : {}) };
  let pageToken = typeof base['pageToken'] === 'string' ? base['pageToken'] : undefined;
  const seen = new Set<string>(pageToken === undefined ? [] : [pageToken]);
  for (let pages = 0; maxPages === undefined || pages < maxPages; pages += 1) {
    const size = base['maxResults'] === undefined ? options.sizeFor?.() : undefined;
    const page = await fetchPage(
      { ...base, ...(size === undefined ? {} : { maxResults: size }), ...(pageToken === undefined ? {} : { pageToken }) },
      callOptions,
    );
    yield page;
    pageToken = page.data.nextPageToken || undefined;
    if (pageToken === undefined) return;
    if (seen.has(pageToken)) throw new RepeatedPageTokenError(methodId, pages + 1);
    seen.add(pageToken);
  }
}

/**
 * Yields the items of every page until there is no `nextPageToken` or `limit` items were
 * yielded. Without an explicit `maxResults`, pages are sized to what is still wanted (at most 50),
 * so a small limit costs one small request.
 * @throws {RepeatedPageTokenError} when the server repeats a `nextPageToken`
 */
export async function* paginate<Item>(
  methodId: string,
  fetchPage: PageFetcher<Item>,
  params: object,
  options: ListAllOptions = {},
): AsyncGenerator<Item, void, undefined> {
  const { limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0))
    throw new ConfigurationError(`listAll: limit must be a non-negative integer, not ${limit}`);
  if (limit === 0) return;
  let yielded = 0;
  const sizeFor = () => (limit === undefined ? undefined : Math.min(MAX_PAGE, limit - yielded));
  const pageOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(options.headers ? { headers: options.headers } : {}), sizeFor };
  for await (const page of paginatePages(methodId, fetchPage, params, pageOptions)) {
    for (const item of page.data.items ?? []) {
      if (limit !== undefined && yielded >= limit) return;
      yielded += 1;
      yield item;
    }
    if (limit !== undefined && yielded >= limit) return;
  }
}

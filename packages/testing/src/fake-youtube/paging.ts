import { fail } from './google-error.js';
import { partsOf, withParts, type Item } from './store.js';
import type { FakeContext, FakeReply } from './context.js';
import { randomBytes } from 'node:crypto';

const DEFAULT_PAGE = 5;
const MAX_PAGE = 50;

/** Opaque page tokens, like Google's (which are base64 too). */
const encodeToken = (offset: number) => Buffer.from(`fake-offset:${offset}`).toString('base64url');

function decodeToken(token: string): number | undefined {
  const match = /^fake-offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match ? Number(match[1]) : undefined;
}

/** Checks that `part` is present and returns its values. */
export function requireParts(context: FakeContext): string[] {
  const parts = partsOf(context.query);
  if (parts.length === 0) throw fail.required('part');
  return parts;
}

/**
 * A list response: `maxResults` (default 5, at most 50 — or the resource's `maxPage`) items from `pageToken` on, with
 * `nextPageToken` / `prevPageToken` and `pageInfo`, each item cut to the requested parts.
 */
export function listReply(context: FakeContext, kind: string, items: Item[], options: { paged: boolean; hideIds?: boolean; maxPage?: number }): FakeReply {
  const parts = requireParts(context);
  let selected = items;
  let perPage = items.length;
  let next: string | undefined;
  let prev: string | undefined;
  if (options.paged) {
    const rawMax = context.query.get('maxResults');
    perPage = rawMax === null ? DEFAULT_PAGE : Number(rawMax);
    const maxPage = options.maxPage ?? MAX_PAGE;
    if (!Number.isInteger(perPage) || perPage < 0 || perPage > maxPage)
      throw fail.badRequest(`Invalid value '${rawMax}'. Values must be within the range: [0, ${maxPage}]`, 'invalidParameter');
    const token = context.query.get('pageToken');
    const offset = token === null ? 0 : decodeToken(token);
    if (offset === undefined) throw fail.badRequest('The request specifies an invalid page token.', 'invalidPageToken');
    selected = items.slice(offset, offset + perPage);
    if (offset + perPage < items.length) next = encodeToken(offset + perPage);
    if (offset > 0) prev = encodeToken(Math.max(0, offset - perPage));
  }
  return {
    status: 200,
    body: {
      kind,
      etag: randomBytes(20).toString('base64url'),
      ...(next === undefined ? {} : { nextPageToken: next }),
      ...(prev === undefined ? {} : { prevPageToken: prev }),
      pageInfo: { totalResults: items.length, resultsPerPage: perPage },
      items: selected.map((item) => {
        const kept = withParts(item, parts);
        if (options.hideIds) delete kept.id;
        return kept;
      }),
    },
  };
}

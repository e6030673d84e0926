import { METHOD_FACTS, type MethodFacts } from '../generated/method-facts.js';
import type { ResourceName, YouTubeMethods } from '../types/methods.js';

/** How one method goes over the wire (Google's facts) and how the client treats it. */
export interface MethodSpec extends MethodFacts {
  /** The response is text (caption files), not JSON. */
  text?: boolean;
  /** A POST that is safe to send twice (sets a state, creates nothing), so it is retried like a GET. */
  idempotent?: boolean;
}

type MethodTable = { readonly [R in ResourceName]: { readonly [M in keyof YouTubeMethods[R]]: MethodSpec } };

/** POSTs that set a state: sending one twice leaves the same state, so retrying is safe. */
const IDEMPOTENT_POSTS = new Set(['videos.rate', 'comments.setModerationStatus', 'comments.markAsSpam', 'watermarks.unset', 'liveBroadcasts.bind']);
/** Methods answering text, not JSON. */
const TEXT_RESULTS = new Set(['captions.download']);

function buildTable(): MethodTable {
  const table: Record<string, Record<string, MethodSpec>> = {};
  for (const [resource, methods] of Object.entries(METHOD_FACTS) as Array<[string, Record<string, MethodFacts>]>) {
    table[resource] = Object.fromEntries(
      Object.entries(methods).map(([method, facts]) => {
        const id = `${resource}.${method}`;
        return [
          method,
          Object.freeze({ ...facts, ...(IDEMPOTENT_POSTS.has(id) ? { idempotent: true } : {}), ...(TEXT_RESULTS.has(id) ? { text: true } : {}) }),
        ];
      }),
    );
  }
  return table as unknown as MethodTable;
}

/**
 * Every method of the YouTube Data API v3, by resource path: Google's wire facts (generated from
 * Google's own client by scripts/generate.ts) plus how this client retries and reads them.
 */
export const METHOD_TABLE: MethodTable = buildTable();

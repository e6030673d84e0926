import { FakeApiError } from './google-error.js';
import type { FakeStore } from './store.js';
import type { FakeTokenInfo } from './types.js';

/** One API request as a route sees it. */
export interface FakeContext {
  method: string;
  /** The path under the API base, e.g. `playlists`, `videos/rate`, `captions/abc`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when none). */
  body: unknown;
  /** The token's owner; undefined for API-key-only requests. */
  user: FakeTokenInfo | undefined;
  store: FakeStore;
}

/** What a route answers. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route handler. */
export type FakeRoute = (context: FakeContext) => FakeReply | Promise<FakeReply>;

/** A JSON 200 answer. */
export const ok = (body: unknown): FakeReply => ({ status: 200, body });

/** An empty 204 answer. */
export const noContent = (): FakeReply => ({ status: 204 });

/** Writes and personal reads need a user, not just an API key (Google: 401 "Login Required"). */
export function requireUser(context: FakeContext): void {
  if (!context.user) throw new FakeApiError(401, 'required', 'Login Required.');
}

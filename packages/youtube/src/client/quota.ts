import { QuotaLimitError } from '../errors.js';
import type { ResourceName, YouTubeMethods } from '../types/methods.js';

type QuotaTable = { readonly [R in ResourceName]: { readonly [M in keyof YouTubeMethods[R]]: number } };

/**
 * The documented quota cost of every method, in units (a project gets 10,000 a day by default).
 * @see https://developers.google.com/youtube/v3/determine_quota_cost
 */
export const QUOTA_COSTS: QuotaTable = {
  activities: { list: 1 },
  captions: { list: 50, insert: 400, update: 450, delete: 50, download: 200 },
  channelBanners: { insert: 50 },
  channelSections: { list: 1, insert: 50, update: 50, delete: 50 },
  channels: { list: 1, update: 50 },
  comments: { list: 1, insert: 50, update: 50, delete: 50, markAsSpam: 50, setModerationStatus: 50 },
  commentThreads: { list: 1, insert: 50 },
  i18nLanguages: { list: 1 },
  i18nRegions: { list: 1 },
  members: { list: 1 },
  membershipsLevels: { list: 1 },
  playlistItems: { list: 1, insert: 50, update: 50, delete: 50 },
  playlists: { list: 1, insert: 50, update: 50, delete: 50 },
  search: { list: 100 },
  subscriptions: { list: 1, insert: 50, delete: 50 },
  thumbnails: { set: 50 },
  videoAbuseReportReasons: { list: 1 },
  videoCategories: { list: 1 },
  videos: { list: 1, insert: 1600, update: 50, delete: 50, rate: 50, getRating: 1, reportAbuse: 50 },
  watermarks: { set: 50, unset: 50 },
};

/** Options of {@link QuotaMeter}. */
export interface QuotaMeterOptions {
  /** Refuse (with a {@link QuotaLimitError}) any request that would take `used` past this. */
  limit?: number;
  /** Units already spent today (e.g. read back from your own records). */
  used?: number;
}

/**
 * Adds up the quota cost of the requests a client sends. Every request sent counts, retries
 * included (Google charges failed requests too). Share one meter between clients to cap their
 * total spend.
 *
 * @example
 * const meter = new QuotaMeter({ limit: 9_000 });
 * const yt = new YouTube({ flow, quotaMeter: meter });
 * await yt.search.list({ part: ['snippet'], q: 'cats' });
 * meter.used; // 100
 */
export class QuotaMeter {
  /** Requests that would take `used` past this are refused; `undefined` for no limit. */
  limit: number | undefined;
  #used: number;
  readonly #byMethod = new Map<string, number>();

  constructor(options: QuotaMeterOptions = {}) {
    this.limit = options.limit;
    this.#used = options.used ?? 0;
  }

  /** Units spent so far. */
  get used(): number {
    return this.#used;
  }

  /** Units still allowed before the limit (Infinity without one). */
  get remaining(): number {
    return this.limit === undefined ? Infinity : Math.max(0, this.limit - this.#used);
  }

  /** Units spent per method, e.g. `{ 'search.list': 300, 'videos.list': 2 }`. */
  byMethod(): Record<string, number> {
    return Object.fromEntries(this.#byMethod);
  }

  /**
   * Counts a request about to be sent.
   * @throws {QuotaLimitError} when it would go past the limit; nothing is counted then
   */
  charge(method: string, cost: number): void {
    if (this.limit !== undefined && this.#used + cost > this.limit) {
      throw new QuotaLimitError({ method, cost, used: this.#used, limit: this.limit });
    }
    this.#used += cost;
    this.#byMethod.set(method, (this.#byMethod.get(method) ?? 0) + cost);
  }

  /** Starts counting from zero (e.g. at midnight Pacific time, when Google resets quotas). */
  reset(): void {
    this.#used = 0;
    this.#byMethod.clear();
  }
}

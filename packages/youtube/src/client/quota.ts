import { ConfigurationError } from '@oauthflow/core';
import { QuotaLimitError } from '../errors.js';
import type { ResourceName, YouTubeMethods } from '../types/methods.js';

type QuotaTable = { readonly [R in ResourceName]: { readonly [M in keyof YouTubeMethods[R]]: number } };

/**
 * The documented quota cost of every method. `search.list` and `videos.insert` have their own
 * buckets and cost 1 call each there; every other method costs this many units of the shared
 * bucket (10,000 a day by default).
 * @see https://developers.google.com/youtube/v3/determine_quota_cost
 */
export const QUOTA_COSTS: QuotaTable = {
  abuseReports: { insert: 50 },
  activities: { list: 1 },
  captions: { delete: 50, download: 200, insert: 400, list: 50, update: 450 },
  channelBanners: { insert: 50 },
  channelSections: { delete: 50, insert: 50, list: 1, update: 50 },
  channels: { list: 1, update: 50 },
  commentThreads: { insert: 50, list: 1 },
  comments: { delete: 50, insert: 50, list: 1, markAsSpam: 50, setModerationStatus: 50, update: 50 },
  i18nLanguages: { list: 1 },
  i18nRegions: { list: 1 },
  liveBroadcasts: { bind: 50, delete: 50, insert: 50, insertCuepoint: 50, list: 1, transition: 50, update: 50 },
  liveChatBans: { delete: 50, insert: 50 },
  liveChatMessages: { delete: 50, insert: 200, list: 5, transition: 50 },
  liveChatModerators: { delete: 50, insert: 50, list: 1 },
  liveStreams: { delete: 50, insert: 50, list: 1, update: 50 },
  members: { list: 1 },
  membershipsLevels: { list: 1 },
  playlistImages: { delete: 50, insert: 50, list: 1, update: 50 },
  playlistItems: { delete: 50, insert: 50, list: 1, update: 50 },
  playlists: { delete: 50, insert: 50, list: 1, update: 50 },
  search: { list: 1 },
  subscriptions: { delete: 50, insert: 50, list: 1 },
  superChatEvents: { list: 1 },
  tests: { insert: 50 },
  thirdPartyLinks: { delete: 50, insert: 50, list: 1, update: 50 },
  thumbnails: { set: 50 },
  videoAbuseReportReasons: { list: 1 },
  videoCategories: { list: 1 },
  videoTrainability: { get: 1 },
  videos: { batchGetStats: 1, delete: 50, getRating: 1, insert: 1, list: 1, rate: 50, reportAbuse: 50, update: 50 },
  watermarks: { set: 50, unset: 50 },
  'youtube.v3.liveChat.messages': { stream: 5 },
};

/**
 * Methods missing from Google's published cost table (live streaming beyond broadcasts, newer
 * resources): their cost in {@link QUOTA_COSTS} is an estimate (1 for reads, 50 for writes, the
 * live chat figures commonly reported). Correct them with your own meter when Google publishes them.
 */
export const ESTIMATED_QUOTA_COSTS: ReadonlySet<string> = new Set([
  'abuseReports.insert',
  'liveBroadcasts.bind',
  'liveBroadcasts.delete',
  'liveBroadcasts.insert',
  'liveBroadcasts.insertCuepoint',
  'liveBroadcasts.list',
  'liveBroadcasts.transition',
  'liveBroadcasts.update',
  'liveChatBans.delete',
  'liveChatBans.insert',
  'liveChatMessages.delete',
  'liveChatMessages.insert',
  'liveChatMessages.list',
  'liveChatMessages.transition',
  'liveChatModerators.delete',
  'liveChatModerators.insert',
  'liveChatModerators.list',
  'liveStreams.delete',
  'liveStreams.insert',
  'liveStreams.list',
  'liveStreams.update',
  'playlistImages.delete',
  'playlistImages.insert',
  'playlistImages.list',
  'playlistImages.update',
  'superChatEvents.list',
  'tests.insert',
  'thirdPartyLinks.delete',
  'thirdPartyLinks.insert',
  'thirdPartyLinks.list',
  'thirdPartyLinks.update',
  'videoTrainability.get',
  'videos.batchGetStats',
  'youtube.v3.liveChat.messages.stream',
]);

/** A quota bucket: the shared units, or one of the methods Google counts on their own. */
export type QuotaBucket = 'units' | 'search.list' | 'videos.insert';

/** Every bucket, in a stable order. */
export const QUOTA_BUCKETS: readonly QuotaBucket[] = ['units', 'search.list', 'videos.insert'];

/** Google's default daily limits: 10,000 shared units, 100 `search.list` calls, 100 `videos.insert` calls. */
export const DEFAULT_QUOTA_LIMITS: Readonly<Record<QuotaBucket, number>> = { units: 10_000, 'search.list': 100, 'videos.insert': 100 };

/** The bucket a method (`videos.insert`, `playlists.list`, …) is counted in. */
export function quotaBucket(methodId: string): QuotaBucket {
  return methodId === 'search.list' || methodId === 'videos.insert' ? methodId : 'units';
}

/** What the meter knows, as plain JSON: persist it and pass it back (`restore`) to go on counting today. */
export interface QuotaSnapshot {
  /** The Pacific-time date the counts are for, `YYYY-MM-DD` (Google resets quotas at midnight Pacific). */
  day: string;
  /** Spent per bucket. */
  used: Record<QuotaBucket, number>;
  /** Spent per method, e.g. `{ 'search.list': 3, 'videos.list': 2 }` (in its bucket's unit). */
  byMethod: Record<string, number>;
}

/** Options of {@link QuotaMeter}. */
export interface QuotaMeterOptions {
  /** Refuse (with a {@link QuotaLimitError}) requests that would take the shared units past this. */
  limit?: number;
  /** Limits per bucket, e.g. `DEFAULT_QUOTA_LIMITS` or `{ units: 50_000, 'search.list': 100 }`; `limit` wins for `units`. */
  limits?: Partial<Record<QuotaBucket, number>>;
  /** Shared units already spent today (e.g. read back from your own records). */
  used?: number;
  /** A snapshot to go on from; ignored when it is from another (Pacific) day. */
  snapshot?: QuotaSnapshot;
  /** The clock that decides the day. Default `() => new Date()`. */
  now?: () => Date;
}

/** A request's share of the quota, held while it is in flight. */
export interface QuotaReservation {
  /** The request reached the server (any HTTP answer, errors included): count it. */
  commit(): void;
  /** It never reached the server (network error, cancelled): give the share back. */
  release(): void;
}

const PACIFIC_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The date in Pacific time, `YYYY-MM-DD`: the day Google's quota counts belong to. */
export function pacificDay(date: Date): string {
  return PACIFIC_DAY.format(date);
}

const emptyBuckets = (): Record<QuotaBucket, number> => ({ units: 0, 'search.list': 0, 'videos.insert': 0 });

/**
 * Counts the quota a client spends, bucket by bucket, as Google does today: `search.list` and
 * `videos.insert` calls in their own buckets, everything else in shared units. Only requests that
 * reached the server count (Google charges invalid requests too, but not a connection that never
 * opened); a limit is checked before sending, in-flight requests included. Counts restart at
 * midnight Pacific time; `snapshot()` / `restore()` carry them across processes and restarts.
 * Share one meter between clients to cap their total spend.
 *
 * @example
 * const meter = new QuotaMeter({ limits: DEFAULT_QUOTA_LIMITS, snapshot: JSON.parse(await readFile('quota.json', 'utf8')) });
 * const yt = new YouTube({ flow, quotaMeter: meter });
 * await yt.search.list({ part: ['snippet'], q: 'cats' });
 * meter.usedIn('search.list'); // 1
 * await writeFile('quota.json', JSON.stringify(meter.snapshot()));
 */
export class QuotaMeter {
  /** Limits per bucket; a missing bucket has none. */
  readonly limits: Partial<Record<QuotaBucket, number>>;
  readonly #now: () => Date;
  #day: string;
  #used = emptyBuckets();
  #pending = emptyBuckets();
  readonly #byMethod = new Map<string, number>();

  constructor(options: QuotaMeterOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.limits = { ...options.limits };
    if (options.limit !== undefined) this.limits.units = options.limit;
    for (const [bucket, value] of Object.entries(this.limits)) checkCount(`limit of ${bucket}`, value);
    this.#day = pacificDay(this.#now());
    if (options.snapshot !== undefined) this.restore(options.snapshot);
    if (options.used !== undefined) {
      checkCount('used', options.used);
      this.#used.units = options.used;
    }
  }

  /** The shared-units limit (`limits.units`); `undefined` for none. */
  get limit(): number | undefined {
    return this.limits.units;
  }

  set limit(value: number | undefined) {
    if (value === undefined) delete this.limits.units;
    else this.limits.units = checkCount('limit', value);
  }

  /** Shared units spent today. */
  get used(): number {
    return this.usedIn('units');
  }

  /** Spent today in one bucket (calls for `search.list` and `videos.insert`, units otherwise). */
  usedIn(bucket: QuotaBucket): number {
    this.#rollOver();
    return this.#used[bucket];
  }

  /** Shared units left before the limit (Infinity without one). */
  get remaining(): number {
    return this.remainingIn('units');
  }

  /** What is left in one bucket before its limit (Infinity without one). */
  remainingIn(bucket: QuotaBucket): number {
    const limit = this.limits[bucket];
    return limit === undefined ? Infinity : Math.max(0, limit - this.usedIn(bucket));
  }

  /** Spent per method today, e.g. `{ 'search.list': 3, 'videos.list': 2 }`. */
  byMethod(): Record<string, number> {
    this.#rollOver();
    return Object.fromEntries(this.#byMethod);
  }

  /**
   * Holds a request's cost before it is sent; `commit()` once it reached the server.
   * @throws {QuotaLimitError} when it would go past its bucket's limit (in-flight requests included); nothing is held then
   */
  reserve(methodId: string, cost: number): QuotaReservation {
    this.#rollOver();
    const bucket = quotaBucket(methodId);
    const limit = this.limits[bucket];
    const committed = this.#used[bucket] + this.#pending[bucket];
    if (limit !== undefined && committed + cost > limit) {
      throw new QuotaLimitError({ method: methodId, bucket, cost, used: committed, limit });
    }
    this.#pending[bucket] += cost;
    const day = this.#day;
    let settled = false;
    const settle = (count: boolean): void => {
      if (settled) return;
      settled = true;
      if (day !== this.#day) return; // the counts were reset meanwhile
      this.#pending[bucket] -= cost;
      if (!count) return;
      this.#used[bucket] += cost;
      this.#byMethod.set(methodId, (this.#byMethod.get(methodId) ?? 0) + cost);
    };
    return { commit: () => settle(true), release: () => settle(false) };
  }

  /**
   * Counts a request that reached the server.
   * @throws {QuotaLimitError} when it would go past its bucket's limit; nothing is counted then
   */
  charge(methodId: string, cost: number): void {
    this.reserve(methodId, cost).commit();
  }

  /** Today's counts as plain JSON, to persist and `restore()` later or elsewhere. */
  snapshot(): QuotaSnapshot {
    this.#rollOver();
    return { day: this.#day, used: { ...this.#used }, byMethod: Object.fromEntries(this.#byMethod) };
  }

  /**
   * Goes on from a snapshot. One from another Pacific day counts as empty (Google has reset since).
   * @throws {ConfigurationError} when it is not a snapshot
   */
  restore(snapshot: QuotaSnapshot): void {
    const valid =
      typeof snapshot === 'object' &&
      snapshot !== null &&
      typeof snapshot.day === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(snapshot.day) &&
      typeof snapshot.used === 'object' &&
      snapshot.used !== null &&
      typeof snapshot.byMethod === 'object' &&
      snapshot.byMethod !== null;
    if (!valid) throw new ConfigurationError('QuotaMeter.restore: not a quota snapshot (expected { day: "YYYY-MM-DD", used: {…}, byMethod: {…} })');
    this.reset();
    if (snapshot.day !== this.#day) return;
    for (const bucket of QUOTA_BUCKETS) this.#used[bucket] = checkCount(`used.${bucket}`, snapshot.used[bucket] ?? 0);
    for (const [method, value] of Object.entries(snapshot.byMethod)) this.#byMethod.set(method, checkCount(`byMethod.${method}`, value));
  }

  /** Starts counting from zero (done by itself at midnight Pacific time). */
  reset(): void {
    this.#day = pacificDay(this.#now());
    this.#used = emptyBuckets();
    this.#pending = emptyBuckets();
    this.#byMethod.clear();
  }

  #rollOver(): void {
    if (pacificDay(this.#now()) !== this.#day) this.reset();
  }
}

function checkCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ConfigurationError(`QuotaMeter: ${name} must be a non-negative number, not ${String(value)}`);
  return value;
}

/** Who a bearer token belongs to, as the fake sees it. */
export interface FakeTokenInfo {
  /** The user id (the `sub` claim): also the `id` of the userinfo profile. */
  sub: string;
  /** Granted scopes; when present, YouTube routes need a YouTube scope (403 insufficientPermissions otherwise). */
  scope?: string | string[];
  /** Display name for the userinfo route. Default `Test User`. */
  name?: string;
}

/** Checks a bearer token: its owner, or `undefined` to answer 401. */
export type FakeTokenValidator = (token: string) => FakeTokenInfo | undefined | Promise<FakeTokenInfo | undefined>;

/**
 * Where to introspect tokens (RFC 7662) — `{ introspection, clientId, clientSecret }`, or a running
 * `AuthorizationServer` of this package (its introspection endpoint and confidential client are used).
 */
export type FakeIntrospectionSettings =
  | { introspection: string; clientId: string; clientSecret: string }
  | { endpoints: { introspection: string }; clients: { confidential: { client_id: string; client_secret: string } } };

/** Options of {@link startFakeYouTube}. */
export interface FakeYouTubeOptions {
  /** TCP port on 127.0.0.1. Default 0: a free port. */
  port?: number;
  /** Validate bearer tokens by introspection at this authorization server. */
  authorizationServer?: FakeIntrospectionSettings;
  /** Validate bearer tokens with this function instead. Without either option any bearer is accepted. */
  validateToken?: FakeTokenValidator;
  /** How many playlists the authorized user's channel has (for pagination tests). Default 7. */
  myPlaylists?: number;
  /** `pollingIntervalMillis` in live chat list answers. Default 2000. */
  liveChatPollingIntervalMillis?: number;
  /**
   * Keep the bytes of finished uploads (`uploads()[i].bytes`). Default true; `false` keeps only
   * their size and SHA-256, so that uploads of gigabytes do not fill the fake's memory.
   */
  keepUploadBytes?: boolean;
}

/** An upload the fake finished receiving. */
export interface FakeFinishedUpload {
  /** `POST videos`, `POST thumbnails/set`, `PUT captions`, … */
  target: string;
  /** The id of the resource the upload created or changed, when it answered one. */
  resourceId?: string;
  size: number;
  /** SHA-256 of the bytes received, hex. */
  sha256: string;
  /** The bytes received (unless `keepUploadBytes: false`). */
  bytes?: Buffer;
}

/** What an upload hook sees: one PUT of a resumable session, before the fake handles it. */
export interface FakeUploadRequest {
  uploadId: string;
  /** Bytes the session holds now. */
  held: number;
  /** The request's `Content-Range`. */
  contentRange: string;
  /** Size of the request body. */
  bytes: number;
}

/** What the fake does instead of (or besides) handling an upload PUT normally. */
export interface FakeUploadFault {
  /** Lose every held byte from this offset on, before handling (the server reports fewer bytes than it had). */
  keep?: number;
  /** Forget the session: this and later PUTs are answered 404. */
  expire?: boolean;
  /** Answer this error without handling the request. */
  fail?: { status: number; reason?: string };
  /** Handle the request (keep its bytes) but answer this error: the answer was lost on the way. */
  failAfterHandling?: { status: number; reason?: string };
}

/** Called for every PUT of an upload session; see {@link FakeYouTube.onUploadRequest}. */
export type FakeUploadHook = (request: FakeUploadRequest) => FakeUploadFault | undefined | void;

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/youtube/v3/playlists`. */
  path: string;
  /** Query parameters in order, repeated keys kept (`part=a&part=b` → two entries). */
  query: Array<[string, string]>;
  /** Request headers (lower-case names), the Authorization header included: this is a test double. */
  headers: Record<string, string>;
  /** The parsed JSON body, when the request had one. */
  body?: unknown;
  /** Size of the raw body in bytes. */
  bodyBytes: number;
}

/** An error the fake answers instead of the next matching requests; see {@link FakeYouTube.failNext}. */
export interface FakeFailure {
  /** HTTP status: 401, 403, 404, 429, 500, 503, … */
  status: number;
  /** Google's reason; a fitting default per status (403 → quotaExceeded, 429 → rateLimitExceeded, …). */
  reason?: string;
  /** Google's domain; a fitting default per reason. */
  domain?: string;
  message?: string;
  /** How many requests get this answer. Default 1. */
  times?: number;
  /** Sent as a `Retry-After` header (seconds). */
  retryAfter?: number;
  /** Only requests with this HTTP method. */
  method?: string;
  /** Only requests whose path contains this string. */
  path?: string;
}

/** A running fake YouTube Data API v3 on 127.0.0.1; see {@link startFakeYouTube}. */
export interface FakeYouTube {
  /** `http://127.0.0.1:PORT/` — the `rootUrl` of Google's official client. */
  rootURL: string;
  /** `…/youtube/v3`: the API base URL. */
  baseURL: string;
  /** `…/upload/youtube/v3`: the media upload base URL. */
  uploadBaseURL: string;
  /** `…/v1/userinfo`: an OpenID Connect userinfo endpoint (`{ sub, name, given_name, … }`). */
  userinfoURL: string;
  /** The channel id of the authorized user (`mine=true`). */
  myChannelId: string;
  /** Every request received so far, in order (a live array). */
  requests: RecordedRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Answers the next matching request(s) with a Google error instead. Queued failures apply in order. */
  failNext(failure: FakeFailure): void;
  /**
   * Makes the fake misbehave on upload PUTs: lose data, expire sessions, fail before or after
   * taking the bytes. `undefined` removes the hook.
   */
  onUploadRequest(hook: FakeUploadHook | undefined): void;
  /** Every upload the fake finished receiving, in order (with the bytes unless `keepUploadBytes: false`). */
  uploads(): FakeFinishedUpload[];
  /** A snapshot of the stored items of one resource (`'playlists'`, `'videos'`, …). */
  items(resource: string): unknown[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

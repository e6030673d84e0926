import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FakeContext, FakeReply } from './context.js';
import { MY_CHANNEL_ID, seed } from './dataset.js';
import { seedExtras } from './extras.js';
import { FailureQueue } from './failures.js';
import { seedLive } from './live.js';
import { FakeApiError, googleErrorBody } from './google-error.js';
import { findRoute } from './routes.js';
import { FakeStore } from './store.js';
import { bearerToken, profileAllowed, scopeAllows, tokenValidator } from './token-check.js';
import type { FakeTokenInfo, FakeTokenValidator, FakeYouTube, FakeYouTubeOptions, RecordedRequest } from './types.js';
import { UploadSessions } from './uploads.js';

import { HOST, listen } from '../listen.js';
const API_PREFIX = '/youtube/v3/';
const UPLOAD_PREFIX = '/upload/youtube/v3/';
const USERINFO_PATHS = new Set(['/v1/userinfo', '/oauth2/v3/userinfo', '/oauth2/v2/userinfo']);
/** Parameters that need a user, not just an API key. */
const PERSONAL_PARAMS = ['mine', 'myRating', 'forMine', 'managedByMe', 'mySubscribers', 'myRecentSubscribers', 'home'];

/**
 * Starts a fake YouTube Data API v3 on 127.0.0.1: the resources of the typed client with
 * plausible data and real pagination, Google's error format, the resumable upload protocol and an
 * OpenID Connect userinfo route. Bearer tokens are checked by introspection at a local
 * authorization server (or by `validateToken`); `failNext()` makes it answer quota errors, 401,
 * 404, 429 or 5xx. Every request is recorded in `requests`.
 *
 * @example
 * const server = await startAuthorizationServer({ scopes: ['https://www.googleapis.com/auth/youtube'] });
 * const youtube = await startFakeYouTube({ authorizationServer: server });
 * const yt = new YouTube({ flow, baseURL: youtube.baseURL, uploadBaseURL: youtube.uploadBaseURL });
 */
export async function startFakeYouTube(options: FakeYouTubeOptions = {}): Promise<FakeYouTube> {
  const store = new FakeStore(MY_CHANNEL_ID);
  seed(store, { myPlaylists: options.myPlaylists ?? 7 });
  seedLive(store);
  seedExtras(store);
  store.liveChatPollingIntervalMillis = options.liveChatPollingIntervalMillis ?? 2000;
  const validate = tokenValidator(options);
  const uploads = new UploadSessions(options.keepUploadBytes ?? true);
  const failures = new FailureQueue();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => reply(res, errorReply(error)));
  });
  let rootURL = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const url = new URL(req.url ?? '/', rootURL);
    const method = req.method ?? 'GET';
    const headers = flatHeaders(req);
    const body = parseJson(bytes, headers['content-type']);
    requests.push({ method, path: url.pathname, query: [...url.searchParams], headers, ...(body === undefined ? {} : { body }), bodyBytes: bytes.byteLength });
    const failure = failures.take(method, url.pathname);
    if (failure) return reply(res, failure);
    if (url.pathname.startsWith(UPLOAD_PREFIX) && url.searchParams.has('upload_id') && method === 'PUT') {
      return reply(res, uploads.put(url.searchParams.get('upload_id') ?? '', headers['content-range'], bytes));
    }
    if (USERINFO_PATHS.has(url.pathname)) return reply(res, userinfo(await authenticate(validate, headers, url, method, true)));
    const upload = url.pathname.startsWith(UPLOAD_PREFIX);
    if (!upload && !url.pathname.startsWith(API_PREFIX)) throw new FakeApiError(404, 'notFound', `Not found: ${url.pathname}`);
    const path = url.pathname.slice((upload ? UPLOAD_PREFIX : API_PREFIX).length);
    const user = await authenticate(validate, headers, url, method, false);
    const context: FakeContext = { method, path, query: url.searchParams, body, user, store };
    if (upload) return reply(res, uploads.start(method, path, context, url, headers));
    const route = findRoute(method, path);
    if (!route) throw new FakeApiError(404, 'notFound', `The fake YouTube API has no method ${method} ${path}`);
    return reply(res, await route(context));
  }

  rootURL = `http://${HOST}:${await listen(server, options.port ?? 0)}/`;
  return {
    rootURL,
    baseURL: `${rootURL}youtube/v3`,
    uploadBaseURL: `${rootURL}upload/youtube/v3`,
    userinfoURL: `${rootURL}v1/userinfo`,
    myChannelId: MY_CHANNEL_ID,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    failNext: (failure) => failures.add(failure),
    onUploadRequest: (hook) => {
      uploads.hook = hook;
    },
    uploads: () => [...uploads.finished],
    items: (resource) => structuredClone(store.all(resource)),
    close: () => shutDown(server),
  };
}

/** The token's owner, or a 401/403 in Google's format. API keys are enough for public reads. */
async function authenticate(
  validate: FakeTokenValidator,
  headers: Record<string, string>,
  url: URL,
  method: string,
  profile: boolean,
): Promise<FakeTokenInfo | undefined> {
  const token = bearerToken(headers['authorization']);
  if (token === undefined) {
    const keyOnly = !profile && url.searchParams.has('key') && method === 'GET';
    if (keyOnly && !PERSONAL_PARAMS.some((name) => url.searchParams.has(name))) return undefined;
    throw unauthenticated(keyOnly ? 'Login Required.' : undefined);
  }
  const info = await validate(token);
  if (!info) throw unauthenticated();
  if (!profile && !scopeAllows(info, method, url.pathname))
    throw new FakeApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
  return info;
}

function unauthenticated(message?: string): FakeApiError {
  return new FakeApiError(401, message ? 'required' : 'authError', message, 'global', {
    'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
  });
}

function userinfo(info: FakeTokenInfo | undefined): FakeReply {
  if (!info) throw unauthenticated();
  if (!profileAllowed(info)) return { status: 200, body: { sub: info.sub } };
  const name = info.name ?? 'Test User';
  const [given, ...family] = name.split(' ');
  return {
    status: 200,
    body: { sub: info.sub, name, given_name: given, family_name: family.join(' '), picture: `https://lh3.googleusercontent.com/a/${info.sub}`, locale: 'en' },
  };
}

function errorReply(error: unknown): FakeReply {
  const apiError = error instanceof FakeApiError ? error : new FakeApiError(500, 'backendError', `Backend Error: ${(error as Error).message}`);
  return { status: apiError.status, body: googleErrorBody(apiError), headers: apiError.headers };
}

function reply(res: ServerResponse, answer: FakeReply): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...answer.headers };
  let payload = '';
  if (answer.body !== undefined) {
    payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  }
  res.writeHead(answer.status, headers).end(payload);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(bytes: Buffer, contentType: string | undefined): unknown {
  if (bytes.byteLength === 0 || !/json/i.test(contentType ?? '')) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new FakeApiError(400, 'parseError', 'Parse Error');
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

async function shutDown(server: Server): Promise<void> {
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections(); // keep-alive sockets (fetch, axios) would hold close() open
  await closed;
}

import { createServer, type IncomingMessage } from 'node:http';
import { DECISION_HEADER, authorizeRoute } from './authorize-route.js';
import { createGoogleClients } from './clients.js';
import { decideDevice, deviceCodeRoute } from './device-route.js';
import { basicCredentials, oauthError, parseParams, readBody, send, type Reply } from './http.js';
import { grants } from './scopes.js';
import { GOOGLE_TEST_USER, GoogleState } from './state.js';
import { GoogleStatsRecorder } from './stats.js';
import { tokenRoute } from './token-route.js';
import type { GoogleEmulator, GoogleEmulatorOptions } from './types.js';
import { listen, HOST } from '../listen.js';

const DAY = 24 * 60 * 60;
const PATHS = {
  authorization: '/o/oauth2/v2/auth',
  token: '/token',
  revocation: '/revoke',
  deviceAuthorization: '/device/code',
  verification: '/device',
  userinfo: '/v1/userinfo',
  discovery: '/.well-known/openid-configuration',
} as const;
const USERINFO_PATHS = new Set([PATHS.userinfo, '/oauth2/v3/userinfo']);

/**
 * Starts an emulator of Google's OAuth 2.0 endpoints on 127.0.0.1, following Google's documented
 * behaviour where it differs from the RFCs: no `refresh_token` on refresh (the old one keeps
 * working), `scope` and (for apps in testing) `refresh_token_expires_in` in token responses,
 * `{"error":"invalid_grant","error_description":"Bad Request"}`-style errors, one revocation
 * ending the whole grant and a revoked token answered 400 `invalid_token`, and a device flow with
 * `verification_url`, 428 `authorization_pending` and 403 `slow_down`. The consent is headless:
 * `authorize(url)` returns the redirect a user's consent produces.
 *
 * @example
 * const google = await startGoogleEmulator();
 * const flow = createGoogleFlow({ clientId: google.clients.desktop.client_id, clientSecret: google.clients.desktop.client_secret,
 *   redirectUri: 'http://127.0.0.1/callback', endpoints: google.endpoints });
 * const { url } = await flow.getAuthorizationUrl();
 * await flow.exchangeCode(await google.authorize(url));
 * @see https://developers.google.com/identity/protocols/oauth2/native-app
 * @see https://developers.google.com/identity/protocols/oauth2/limited-input-device
 */
export async function startGoogleEmulator(options: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const accessTokenTtl = positive('accessTokenTtl', options.accessTokenTtl ?? 3599);
  const deviceInterval = positive('deviceInterval', options.deviceInterval ?? 5);
  const deviceCodeTtl = positive('deviceCodeTtl', options.deviceCodeTtl ?? 1800);
  const refreshTokenTtl = (options.publishingStatus ?? 'testing') === 'testing' ? 7 * DAY : undefined;
  const state = new GoogleState({ accessTokenTtl, refreshTokenTtl });
  const stats = new GoogleStatsRecorder();
  const { clients, registry } = createGoogleClients();
  let issuer = '';

  const server = createServer((req, res) => {
    void handle(req).then(
      (reply) => send(res, reply),
      (error: unknown) => {
        send(res, oauthError(500, 'internal_failure', error instanceof Error ? error.message : String(error)));
      },
    );
  });

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', issuer);
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req) : '';
    const params = parseParams(body, req.headers['content-type']);
    if (url.pathname === PATHS.authorization && method === 'GET') {
      const reply = authorizeRoute(url, header(req, DECISION_HEADER), registry, state);
      if (reply.status === 302) stats.authorization();
      return reply;
    }
    if (url.pathname === PATHS.token && method === 'POST') {
      const grantType = params.get('grant_type') ?? 'unknown';
      const reply = tokenRoute({ params, authorization: header(req, 'authorization') }, registry, state, { accessTokenTtl, deviceInterval });
      stats.token(grantType, reply);
      return reply;
    }
    if (url.pathname === PATHS.revocation && (method === 'POST' || method === 'GET')) return revoke(req, url, params);
    if (url.pathname === PATHS.deviceAuthorization && method === 'POST') {
      const reply = deviceCodeRoute(params, registry, state, {
        verificationUrl: `${issuer}${PATHS.verification}`,
        interval: deviceInterval,
        ttl: deviceCodeTtl,
      });
      if (reply.status === 200) stats.deviceAuthorization();
      return reply;
    }
    if (USERINFO_PATHS.has(url.pathname) && method === 'GET') return userinfo(req);
    if (url.pathname === PATHS.discovery && method === 'GET') return { status: 200, json: discovery() };
    if (url.pathname === PATHS.verification && method === 'GET') {
      return {
        status: 200,
        text: '<!doctype html><title>Connect a device</title><main>Enter the code shown on your device (tests: emulator.approveDevice(userCode)).</main>',
      };
    }
    return { status: 404, text: `<!doctype html><title>Error 404 (Not Found)</title><p>${method} ${url.pathname} is not a Google OAuth endpoint.</p>` };
  }

  /** One revocation ends the grant; the token may come in the query or the form; client authentication is ignored. */
  function revoke(req: IncomingMessage, url: URL, params: URLSearchParams): Reply {
    const authenticated = basicCredentials(header(req, 'authorization')) !== undefined || params.has('client_secret');
    const token = params.get('token') ?? url.searchParams.get('token');
    if (!token) return oauthError(400, 'invalid_request', 'Bad Request');
    const revoked = state.revoke(token);
    stats.revocation(revoked, authenticated);
    return revoked ? { status: 200, json: {} } : oauthError(400, 'invalid_token', 'Token expired or revoked');
  }

  function userinfo(req: IncomingMessage): Reply {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    const grant = bearer === undefined ? undefined : state.grantOfAccessToken(bearer);
    if (grant === undefined) {
      stats.userinfo(false);
      return {
        ...oauthError(401, 'invalid_request', 'Invalid Credentials'),
        headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
      };
    }
    stats.userinfo(true);
    const { sub, email, email_verified, ...profile } = GOOGLE_TEST_USER;
    return {
      status: 200,
      json: { sub, ...(grants(grant.scope, 'profile') ? profile : {}), ...(grants(grant.scope, 'email') ? { email, email_verified } : {}) },
    };
  }

  function discovery(): Record<string, unknown> {
    return {
      issuer,
      authorization_endpoint: `${issuer}${PATHS.authorization}`,
      device_authorization_endpoint: `${issuer}${PATHS.deviceAuthorization}`,
      token_endpoint: `${issuer}${PATHS.token}`,
      userinfo_endpoint: `${issuer}${PATHS.userinfo}`,
      revocation_endpoint: `${issuer}${PATHS.revocation}`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    };
  }

  const port = await listen(server, options.port ?? 0);
  issuer = `http://${HOST}:${port}`;
  const url = (path: string) => `${issuer}${path}`;
  let closed: Promise<void> | undefined;
  return {
    issuer,
    endpoints: {
      authorization: url(PATHS.authorization),
      token: url(PATHS.token),
      revocation: url(PATHS.revocation),
      deviceAuthorization: url(PATHS.deviceAuthorization),
      userinfo: url(PATHS.userinfo),
      discovery: url(PATHS.discovery),
    },
    clients,
    authorize: (authorizationUrl, decision = {}) => authorizeHeadlessly(issuer, authorizationUrl, decision.deny === true),
    approveDevice: async (userCode, decision = {}) => decideDevice(state, userCode, decision.deny === true),
    validateToken: (token) => {
      const grant = state.grantOfAccessToken(token);
      return grant === undefined ? undefined : { sub: GOOGLE_TEST_USER.sub, scope: grant.scope, name: GOOGLE_TEST_USER.name };
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Requests the authorization URL as the user's browser and returns where Google sends it back. */
async function authorizeHeadlessly(issuer: string, authorizationUrl: string, deny: boolean): Promise<string> {
  if (new URL(authorizationUrl).origin !== new URL(issuer).origin) throw new Error(`authorize: ${authorizationUrl} is not on ${issuer}`);
  const response = await fetch(authorizationUrl, { redirect: 'manual', headers: deny ? { [DECISION_HEADER]: 'deny' } : {} });
  const location = response.headers.get('location');
  const text = await response.text();
  if (response.status === 302 && location !== null) return location;
  const error = /data-error="([^"]+)"/.exec(text)?.[1] ?? `HTTP ${response.status}`;
  throw new Error(`authorize: Google shows an error page instead of redirecting: ${error}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer (seconds), got ${value}`);
  return value;
}

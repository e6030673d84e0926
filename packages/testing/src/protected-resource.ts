import type { Middleware, ParameterizedContext } from 'koa';
import type { Provider } from 'oidc-provider';
import type { MemoryStore } from './memory-store.js';
import type { StatsRecorder } from './stats.js';

/** What the protected resource needs from the server. */
export interface ProtectedResourceOptions {
  /** Path of the resource, e.g. `/api/me`. */
  path: string;
  provider: Provider;
  store: MemoryStore;
  stats: StatsRecorder;
}

/** Body of a successful `GET /api/me`. */
interface Me {
  sub: string;
  scope: string;
  client_id: string;
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +([^ ]+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

// Expiry is judged by the store's millisecond clock: the provider's own `exp` is whole seconds,
// which can end a 1-second token right after it was issued.
function alive(store: MemoryStore, model: string, token: string): boolean {
  const expiresAt = store.expiresAt(model, token);
  return expiresAt !== undefined && Date.now() < expiresAt;
}

async function lookUp(options: ProtectedResourceOptions, token: string): Promise<Me | undefined> {
  const { provider, store } = options;
  const find = { ignoreExpiration: true };

  const accessToken = await provider.AccessToken.find(token, find);
  if (accessToken && alive(store, 'AccessToken', token) && !accessToken.isSenderConstrained()) {
    // Like userinfo: a token whose grant is gone (revoked) is dead.
    const grant = accessToken.grantId ? await provider.Grant.find(accessToken.grantId) : undefined;
    const { accountId, clientId } = accessToken;
    if (!grant || !accountId || !clientId) return undefined;
    return { sub: accountId, scope: accessToken.scope ?? '', client_id: clientId };
  }

  const clientToken = await provider.ClientCredentials.find(token, find);
  const clientId = clientToken?.clientId;
  if (clientToken && clientId && alive(store, 'ClientCredentials', token) && !clientToken.isSenderConstrained()) {
    // No user here: the client is the subject, as in RFC 9068.
    return { sub: clientId, scope: clientToken.scope ?? '', client_id: clientId };
  }
  return undefined;
}

function unauthorized(ctx: ParameterizedContext, realm: string, description: string, invalidToken: boolean): void {
  const params = [`realm=${quote(realm)}`];
  // RFC 6750 §3.1: no error code when the request carried no token at all.
  if (invalidToken) params.push('error="invalid_token"', `error_description=${quote(description)}`);
  ctx.status = 401;
  ctx.set('WWW-Authenticate', `Bearer ${params.join(', ')}`);
  ctx.body = { error: invalidToken ? 'invalid_token' : 'unauthorized', error_description: description };
}

/**
 * Koa middleware serving the protected resource: `GET` with `Authorization: Bearer <token>`
 * answers 200 `{ sub, scope, client_id }` for a live access token, 401 otherwise.
 */
export function protectedResource(options: ProtectedResourceOptions): Middleware {
  const { path, provider, stats } = options;
  return async (ctx, next) => {
    if (ctx.path !== path) return next();
    ctx.set('Cache-Control', 'no-store');
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.status = 405;
      ctx.set('Allow', 'GET, HEAD');
      ctx.body = { error: 'method_not_allowed' };
      return;
    }

    const token = bearerToken(ctx.get('authorization') || undefined);
    const me = token === undefined ? undefined : await lookUp(options, token);
    if (!me) {
      stats.apiCall('unauthorized');
      const description = token === undefined ? 'bearer token required' : 'access token is invalid, expired or revoked';
      unauthorized(ctx, provider.issuer, description, token !== undefined);
      return;
    }
    stats.apiCall('ok');
    ctx.body = me;
  };
}

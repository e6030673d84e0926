import type { Middleware } from 'koa';
import type { StatsRecorder } from './stats.js';

/** Paths the extras hook into. */
export interface EndpointExtrasOptions {
  revocationPath: string;
  introspectionPath: string;
  deviceAuthorizationPath: string;
  /** Seconds to advertise as `interval` in device authorization responses. */
  deviceInterval: number;
  stats: StatsRecorder;
}

const OPENID_CONFIGURATION = '/.well-known/openid-configuration';
const OAUTH_METADATA = '/.well-known/oauth-authorization-server';

/**
 * Koa middleware for small additions around oidc-provider's routes: counts revocation and
 * introspection calls, advertises a device polling `interval` (oidc-provider sends none, so
 * RFC 8628 clients would wait 5 s) and serves the discovery document at the RFC 8414 path too.
 */
export function endpointExtras(options: EndpointExtrasOptions): Middleware {
  const { stats } = options;
  return async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === options.revocationPath) stats.endpointCall('revocation');
    if (ctx.method === 'POST' && ctx.path === options.introspectionPath) stats.endpointCall('introspection');
    if (ctx.path === OAUTH_METADATA) ctx.path = OPENID_CONFIGURATION;

    await next();

    if (ctx.path === options.deviceAuthorizationPath && ctx.status === 200) {
      const body: unknown = ctx.body;
      if (typeof body === 'object' && body !== null && 'device_code' in body) {
        ctx.body = { ...body, interval: options.deviceInterval };
      }
    }
  };
}

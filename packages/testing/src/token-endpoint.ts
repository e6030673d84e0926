import { setTimeout as sleep } from 'node:timers/promises';
import type { Middleware, ParameterizedContext } from 'koa';
import { peekBody } from './body-peek.js';
import type { StatsRecorder } from './stats.js';
import { faultResponse } from './token-faults.js';
import type { TokenFault } from './types.js';

/** What the token endpoint wrapper needs from the server. */
export interface TokenEndpointOptions {
  /** Path of the token endpoint, e.g. `/token`. */
  path: string;
  stats: StatsRecorder;
  /** Pending faults; the wrapper takes them from the front. */
  faults: TokenFault[];
  /** Strip `refresh_token` from successful refresh responses. */
  omitRefreshTokenOnRefresh: boolean;
  /** Aborted when the server closes, to cut delays short. */
  closing: AbortSignal;
}

const UNKNOWN_GRANT = 'unknown';

// oidc-provider defines ctx.oidc on routed requests only; this is the little we read from it.
interface OidcView {
  oidc?: { body?: Record<string, unknown> };
}

async function peekGrantType(ctx: ParameterizedContext): Promise<string | undefined> {
  const body = await peekBody(ctx.req);
  if (body === undefined) return undefined;
  return new URLSearchParams(body.toString('utf8')).get('grant_type') ?? UNKNOWN_GRANT;
}

// Fallback for bodies that could not be peeked (no Content-Length): what oidc-provider parsed.
function parsedGrantType(ctx: ParameterizedContext): string {
  const value = (ctx as OidcView).oidc?.body?.grant_type;
  return typeof value === 'string' ? value : UNKNOWN_GRANT;
}

function errorCode(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  return typeof body.error === 'string' ? body.error : undefined;
}

function withoutRefreshToken(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('refresh_token' in body)) return body;
  const { refresh_token: _dropped, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * Koa middleware in front of oidc-provider's token route: counts every call per grant_type,
 * answers or delays queued faults, counts provider errors and can hide refresh tokens.
 */
export function tokenEndpoint(options: TokenEndpointOptions): Middleware {
  const { path, stats, faults, closing } = options;
  return async (ctx, next) => {
    if (ctx.path !== path || ctx.method !== 'POST') return next();

    const peeked = await peekGrantType(ctx);
    const fault = faults.shift();
    if (fault?.kind === 'status') {
      stats.tokenCall(peeked ?? UNKNOWN_GRANT);
      const response = faultResponse(fault);
      ctx.status = response.status;
      ctx.set(response.headers);
      ctx.body = response.body;
      return;
    }
    if (fault?.kind === 'delay') {
      await sleep(fault.ms, undefined, { signal: closing }).catch(() => undefined);
      // A client that gave up (or a closing server) gets nothing: the request never reaches the
      // provider, so a retry finds its code or refresh token unused.
      if (closing.aborted || ctx.req.destroyed) {
        stats.tokenCall(peeked ?? UNKNOWN_GRANT);
        ctx.respond = false;
        return;
      }
    }

    await next();

    const grantType = peeked ?? parsedGrantType(ctx);
    stats.tokenCall(grantType);
    const error = ctx.status >= 400 ? errorCode(ctx.body) : undefined;
    if (error) stats.tokenError(error);
    if (options.omitRefreshTokenOnRefresh && grantType === 'refresh_token' && ctx.status === 200) {
      ctx.body = withoutRefreshToken(ctx.body);
    }
  };
}

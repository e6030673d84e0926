import type { AuthorizationServerOptions } from './types.js';

/** {@link AuthorizationServerOptions} with defaults applied and checked. */
export interface SettledOptions {
  port: number;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  rotateRefreshTokens: boolean;
  omitRefreshTokenOnRefresh: boolean;
  scopes: string[];
  deviceInterval: number;
}

const DAY = 24 * 60 * 60;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name} must be a positive integer (seconds), got ${value}`);
  return value;
}

/** Applies defaults and rejects contradictory or malformed options. */
export function settleOptions(options: AuthorizationServerOptions = {}): SettledOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be 0..65535, got ${port}`);

  const omitRefreshTokenOnRefresh = options.omitRefreshTokenOnRefresh ?? false;
  if (omitRefreshTokenOnRefresh && options.rotateRefreshTokens === true) {
    // The client would never learn the rotated token and the old one would be dead.
    throw new TypeError('omitRefreshTokenOnRefresh requires rotateRefreshTokens to be false');
  }

  const scopes = options.scopes ?? [];
  for (const scope of scopes) {
    if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) throw new TypeError(`invalid scope token: ${JSON.stringify(scope)}`);
  }

  const deviceInterval = options.deviceInterval ?? 1;
  if (!Number.isInteger(deviceInterval) || deviceInterval < 0) {
    throw new RangeError(`deviceInterval must be a non-negative integer, got ${deviceInterval}`);
  }

  return {
    port,
    accessTokenTtl: positiveInteger('accessTokenTtl', options.accessTokenTtl ?? 3600),
    refreshTokenTtl: positiveInteger('refreshTokenTtl', options.refreshTokenTtl ?? 14 * DAY),
    rotateRefreshTokens: !omitRefreshTokenOnRefresh && (options.rotateRefreshTokens ?? true),
    omitRefreshTokenOnRefresh,
    scopes: [...scopes],
    deviceInterval,
  };
}

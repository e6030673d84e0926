import { Credentials } from '@oauthflow/core';

/** The flows' default refresh skew: a key needs a refresh this long before its expiry. */
export const SKEW_MS = 60_000;
/** Seeded and refreshed tokens live an hour, so the skew is not capped (a quarter of the lifetime). */
export const LIFETIME_MS = 3_600_000;

export const keyName = (index: number) => `user:${index}`;

/** A number in [0, 1) fixed by `index` and `seed`: the same in the parent and every worker. */
export function spread(index: number, seed: number): number {
  let x = (index + 1) * 0x9e3779b1 + seed;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

/** When key `index` becomes due for a refresh: spread uniformly over the window. */
export function dueAt(index: number, window: { start: number; ms: number; seed: number }): number {
  return Math.round(window.start + spread(index, window.seed) * window.ms);
}

/** Credentials of key `index` whose refresh falls due at `due` (epoch ms). */
export function credentialsDueAt(index: number, due: number): Credentials {
  const expiresAt = due + SKEW_MS;
  return new Credentials({
    accessToken: `at-${index}-${spread(index, due).toString(36).slice(2)}${'x'.repeat(24)}`,
    refreshToken: `rt-${index}-0`,
    issuedAt: new Date(expiresAt - LIFETIME_MS),
    expiresAt: new Date(expiresAt),
    scope: ['openid', 'offline_access', 'api:read'],
  });
}

import type { Reply } from './http.js';
import type { GoogleEmulatorStats } from './types.js';

function empty(): GoogleEmulatorStats {
  return {
    authorizations: 0,
    token: {},
    tokenErrors: {},
    revocation: { ok: 0, invalidToken: 0, withClientAuthentication: 0 },
    deviceAuthorization: 0,
    userinfo: { ok: 0, unauthorized: 0 },
  };
}

/** Mutable counters behind {@link GoogleEmulatorStats}; snapshots are deep copies. */
export class GoogleStatsRecorder {
  #stats = empty();

  authorization(): void {
    this.#stats.authorizations += 1;
  }

  token(grantType: string, reply: Reply): void {
    this.#stats.token[grantType] = (this.#stats.token[grantType] ?? 0) + 1;
    const error = (reply.json as { error?: unknown } | undefined)?.error;
    if (typeof error === 'string') this.#stats.tokenErrors[error] = (this.#stats.tokenErrors[error] ?? 0) + 1;
  }

  revocation(revoked: boolean, withClientAuthentication: boolean): void {
    this.#stats.revocation[revoked ? 'ok' : 'invalidToken'] += 1;
    if (withClientAuthentication) this.#stats.revocation.withClientAuthentication += 1;
  }

  deviceAuthorization(): void {
    this.#stats.deviceAuthorization += 1;
  }

  userinfo(ok: boolean): void {
    this.#stats.userinfo[ok ? 'ok' : 'unauthorized'] += 1;
  }

  snapshot(): GoogleEmulatorStats {
    return structuredClone(this.#stats);
  }

  reset(): void {
    this.#stats = empty();
  }
}

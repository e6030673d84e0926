import type { ServerStats } from './types.js';

function emptyStats(): ServerStats {
  return { token: {}, tokenErrors: {}, revocation: 0, introspection: 0, api: { ok: 0, unauthorized: 0 } };
}

/** Mutable counters behind {@link ServerStats}; hands out deep copies so callers can diff them. */
export class StatsRecorder {
  #stats = emptyStats();

  /** Counts one token endpoint call. */
  tokenCall(grantType: string): void {
    this.#stats.token[grantType] = (this.#stats.token[grantType] ?? 0) + 1;
  }

  /** Counts one token endpoint error answered by the provider. */
  tokenError(code: string): void {
    this.#stats.tokenErrors[code] = (this.#stats.tokenErrors[code] ?? 0) + 1;
  }

  /** Counts one call to the revocation or introspection endpoint. */
  endpointCall(endpoint: 'revocation' | 'introspection'): void {
    this.#stats[endpoint] += 1;
  }

  /** Counts one protected resource call by outcome. */
  apiCall(outcome: 'ok' | 'unauthorized'): void {
    this.#stats.api[outcome] += 1;
  }

  /** A deep copy of the current counters. */
  snapshot(): ServerStats {
    return structuredClone(this.#stats);
  }

  /** Back to zero. */
  reset(): void {
    this.#stats = emptyStats();
  }
}

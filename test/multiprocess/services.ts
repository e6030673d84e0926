// Whether the Redis and PostgreSQL servers the tests need are there (test process only: this pulls
// in the storage suite, and with it vitest).
import { requireService } from '@oauthflow/storage-test-suite';
import { BACKENDS, POSTGRES_URL, REDIS_URL, type BackendKind } from './backends.js';

/**
 * Whether `kind`'s service is there, through the storage suite's `requireService`: under CI=true
 * a missing Redis or PostgreSQL throws (the run fails); elsewhere it warns loudly, naming
 * OAUTHFLOW_REDIS_URL or OAUTHFLOW_POSTGRES_URL, and the caller skips.
 */
export async function backendAvailable(kind: BackendKind): Promise<boolean> {
  if (kind === 'redis') return requireService('Redis', REDIS_URL, 'OAUTHFLOW_REDIS_URL');
  if (kind === 'postgres') return requireService('PostgreSQL', POSTGRES_URL, 'OAUTHFLOW_POSTGRES_URL');
  return true;
}

/** {@link backendAvailable} for every backend, by kind. */
export async function availableBackends(): Promise<Record<BackendKind, boolean>> {
  const entries = await Promise.all(BACKENDS.map(async (kind) => [kind, await backendAvailable(kind)] as const));
  return Object.fromEntries(entries) as Record<BackendKind, boolean>;
}

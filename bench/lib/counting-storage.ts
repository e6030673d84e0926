import type { Credentials, PendingAuthorization, Storage } from '@oauthflow/core';

/** Wraps a Storage and counts its reads, to show the hot path makes none. */
export class CountingStorage implements Storage {
  reads = 0;
  constructor(readonly inner: Storage) {}

  get(key?: string): Promise<Credentials | undefined> {
    this.reads += 1;
    return this.inner.get(key);
  }
  save(credentials: Credentials, key?: string): Promise<void> { return this.inner.save(credentials, key); }
  delete(key?: string): Promise<void> { return this.inner.delete(key); }
  keys(): Promise<string[]> { return this.inner.keys(); }
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> { return this.inner.withLock(key, fn); }
  putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    return this.inner.putPending(state, pending, ttlSeconds);
  }
  takePending(state: string): Promise<PendingAuthorization | undefined> { return this.inner.takePending(state); }
}

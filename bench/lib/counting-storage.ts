import type { Credentials, DeleteOptions, LockHandle, PendingAuthorization, SaveOptions, Storage, StoredRecord } from '@oauthflow/core';

/** Wraps a Storage and counts its reads, to show the hot path makes none. */
export class CountingStorage implements Storage {
  reads = 0;
  constructor(readonly inner: Storage) {}

  get(key?: string): Promise<Credentials | undefined> {
    this.reads += 1;
    return this.inner.get(key);
  }
  read(key?: string): Promise<StoredRecord | undefined> {
    this.reads += 1;
    return this.inner.read(key);
  }
  save(credentials: Credentials, key?: string, options?: SaveOptions): Promise<number> {
    return this.inner.save(credentials, key, options);
  }
  delete(key?: string, options?: DeleteOptions): Promise<void> {
    return this.inner.delete(key, options);
  }
  keys(): Promise<string[]> {
    return this.inner.keys();
  }
  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    return this.inner.withLock(key, fn);
  }
  putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    return this.inner.putPending(state, pending, ttlSeconds);
  }
  takePending(state: string): Promise<PendingAuthorization | undefined> {
    return this.inner.takePending(state);
  }
}

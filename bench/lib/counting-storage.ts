import type { Credentials, DeleteOptions, LockHandle, PendingAuthorization, SaveOptions, Storage, StoredRecord } from '@oauthflow/core';

/** Wraps a Storage and counts its calls that go to the store (reads, writes, locks): the hot path makes none. */
export class CountingStorage implements Storage {
  reads = 0;
  writes = 0;
  locks = 0;
  constructor(readonly inner: Storage) {}

  /** Every call that costs at least one round trip to the store. */
  get calls(): number {
    return this.reads + this.writes + this.locks;
  }
  get(key?: string): Promise<Credentials | undefined> {
    this.reads += 1;
    return this.inner.get(key);
  }
  read(key?: string): Promise<StoredRecord | undefined> {
    this.reads += 1;
    return this.inner.read(key);
  }
  save(credentials: Credentials, key?: string, options?: SaveOptions): Promise<number> {
    this.writes += 1;
    return this.inner.save(credentials, key, options);
  }
  delete(key?: string, options?: DeleteOptions): Promise<void> {
    this.writes += 1;
    return this.inner.delete(key, options);
  }
  keys(): Promise<string[]> {
    return this.inner.keys();
  }
  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    this.locks += 1;
    return this.inner.withLock(key, fn);
  }
  putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    return this.inner.putPending(state, pending, ttlSeconds);
  }
  takePending(state: string): Promise<PendingAuthorization | undefined> {
    return this.inner.takePending(state);
  }
  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}

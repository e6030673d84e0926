import { KeyedMutex } from './keyed-mutex.js';
import { PROCESS_LOCK } from './lock-handle.js';
import { decodeRecord, encodeRecord, firstRevision, revisionConflict, type RecordJSON } from './record.js';
import { DEFAULT_KEY, type DeleteOptions, type LockHandle, type PendingAuthorization, type SaveOptions, type Storage, type StoredRecord } from './storage.js';
import type { Credentials } from '../credentials.js';

/**
 * Keeps credentials in this process's memory: for tests, short scripts and as a cache-less
 * reference of the {@link Storage} contract. Locks exclude holders inside this process only.
 */
export class MemoryStorage implements Storage {
  // Stored as JSON, as a real backend would, so callers never share mutable state with the store.
  readonly #records = new Map<string, string>();
  readonly #pending = new Map<string, { pending: PendingAuthorization; expiresAt: number }>();
  readonly #mutex = new KeyedMutex();

  async get(key = DEFAULT_KEY): Promise<Credentials | undefined> {
    return (await this.read(key))?.credentials;
  }

  async read(key = DEFAULT_KEY): Promise<StoredRecord | undefined> {
    const json = this.#records.get(key);
    return json === undefined ? undefined : decodeRecord(JSON.parse(json), key, 'Memory');
  }

  async save(credentials: Credentials, key = DEFAULT_KEY, options: SaveOptions = {}): Promise<number> {
    const current = this.#revision(key);
    if (options.ifRevision !== undefined && current !== options.ifRevision) throw revisionConflict(key, options.ifRevision, current);
    const record: RecordJSON = encodeRecord({ credentials, revision: current === undefined ? firstRevision() : current + 1, refreshing: options.refreshing });
    this.#records.set(key, JSON.stringify(record));
    return record.revision;
  }

  async delete(key = DEFAULT_KEY, options: DeleteOptions = {}): Promise<void> {
    const current = this.#revision(key);
    if (options.ifRevision !== undefined && current !== undefined && current !== options.ifRevision) {
      throw revisionConflict(key, options.ifRevision, current);
    }
    this.#records.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.#records.keys()];
  }

  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    return this.#mutex.run(key, () => fn(PROCESS_LOCK));
  }

  async putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    this.#dropExpiredPending();
    this.#pending.set(state, { pending: { ...pending }, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async takePending(state: string): Promise<PendingAuthorization | undefined> {
    const entry = this.#pending.get(state);
    this.#pending.delete(state);
    if (entry === undefined || entry.expiresAt <= Date.now()) return undefined;
    return entry.pending;
  }

  async close(): Promise<void> {
    this.#records.clear();
    this.#pending.clear();
  }

  #revision(key: string): number | undefined {
    const json = this.#records.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as RecordJSON).revision;
  }

  #dropExpiredPending(): void {
    const now = Date.now();
    for (const [state, entry] of this.#pending) if (entry.expiresAt <= now) this.#pending.delete(state);
  }
}

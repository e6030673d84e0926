import { Credentials } from '../credentials.js';
import { KeyedMutex } from './keyed-mutex.js';
import { DEFAULT_KEY, type PendingAuthorization, type Storage } from './storage.js';

/**
 * Keeps credentials in this process's memory: for tests, short scripts and as a cache-less
 * reference of the {@link Storage} contract. Locks exclude holders inside this process only.
 */
export class MemoryStorage implements Storage {
  // Stored as JSON, as a real backend would, so callers never share mutable state with the store.
  readonly #credentials = new Map<string, string>();
  readonly #pending = new Map<string, { pending: PendingAuthorization; expiresAt: number }>();
  readonly #mutex = new KeyedMutex();

  async get(key = DEFAULT_KEY): Promise<Credentials | undefined> {
    const json = this.#credentials.get(key);
    return json === undefined ? undefined : Credentials.fromJSON(JSON.parse(json));
  }

  async save(credentials: Credentials, key = DEFAULT_KEY): Promise<void> {
    this.#credentials.set(key, JSON.stringify(credentials));
  }

  async delete(key = DEFAULT_KEY): Promise<void> {
    this.#credentials.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.#credentials.keys()];
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#mutex.run(key, fn);
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
    this.#credentials.clear();
    this.#pending.clear();
  }

  #dropExpiredPending(): void {
    const now = Date.now();
    for (const [state, entry] of this.#pending) if (entry.expiresAt <= now) this.#pending.delete(state);
  }
}

import { Credentials } from '../credentials.js';
import { StorageError } from '../errors.js';
import type { KeyvLike } from '../keyv-like.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { LockFunction } from './lease-lock.js';
import { storageFailure } from './redact.js';
import { DEFAULT_KEY, parsePending, type PendingAuthorization, type Storage } from './storage.js';

/** Options of {@link KeyvStorage}. */
export interface KeyvStorageOptions {
  /**
   * A lock shared by every process that uses the same store, e.g. `createLeaseLock(...)`.
   * Without it `withLock` excludes holders inside this process only.
   */
  lock?: LockFunction;
  /** What the store is called in error messages. Default `Keyv`. */
  label?: string;
  /** Strings that must never appear in an error message, such as a connection password. */
  secrets?: readonly string[];
}

const CREDENTIALS = 'credentials:';
const PENDING = 'pending:';

// One in-process mutex per Keyv, so two KeyvStorage objects over one Keyv also exclude each other.
const mutexes = new WeakMap<object, KeyedMutex>();

/**
 * Keeps credentials in any Keyv 5 store the application already has (under `credentials:<key>`,
 * pending authorizations under `pending:<state>` with a TTL), and is the shared base of the
 * SQLite, Redis and PostgreSQL adapters.
 *
 * It fails closed: it turns on `throwOnErrors` on the Keyv (and on its store, when the store has
 * that option) and watches the Keyv's `error` events, so a failing backend is a
 * {@link StorageError}, never an `undefined` that looks like "no credentials". A store that
 * swallows errors without emitting them cannot be detected.
 *
 * `withLock` is in-process only unless `options.lock` is given: with a store shared by several
 * processes, pass a lock that spans them, or use an adapter package.
 *
 * @example
 * const storage = new KeyvStorage(new Keyv({ store: new KeyvRedis(url), namespace: 'tokens' }));
 */
export class KeyvStorage implements Storage {
  /** The Keyv instance the credentials live in. */
  readonly keyv: KeyvLike;
  /** What the store is called in error messages. */
  protected readonly label: string;
  readonly #lock: LockFunction | undefined;
  readonly #mutex: KeyedMutex;
  readonly #secrets: readonly string[];
  #errors = 0;
  #lastError: unknown;
  #closing: Promise<void> | undefined;
  readonly #onError = (error: unknown): void => {
    this.#errors += 1;
    this.#lastError = error;
  };

  constructor(keyv: KeyvLike, options: KeyvStorageOptions = {}) {
    this.keyv = keyv;
    this.label = options.label ?? 'Keyv';
    this.#lock = options.lock;
    this.#secrets = options.secrets ?? [];
    keyv.throwOnErrors = true;
    const store = keyv.store as { throwOnErrors?: unknown } | undefined;
    if (store && typeof store.throwOnErrors === 'boolean') store.throwOnErrors = true;
    keyv.on('error', this.#onError);
    let mutex = mutexes.get(keyv);
    if (mutex === undefined) mutexes.set(keyv, (mutex = new KeyedMutex()));
    this.#mutex = mutex;
  }

  async get(key = DEFAULT_KEY): Promise<Credentials | undefined> {
    const value: unknown = await this.call(`read credentials "${key}"`, () => this.keyv.get(CREDENTIALS + key));
    if (value === undefined || value === null) return undefined;
    try {
      return Credentials.fromJSON(value);
    } catch (error) {
      throw new StorageError(`${this.label} storage holds unreadable credentials under "${key}": ${(error as Error).message}`, { cause: error });
    }
  }

  async save(credentials: Credentials, key = DEFAULT_KEY): Promise<void> {
    const stored = await this.call(`save credentials "${key}"`, () => this.keyv.set(CREDENTIALS + key, credentials.toJSON()));
    if (stored === false) throw this.failure(`save credentials "${key}"`, new Error('the store refused the write'));
  }

  async delete(key = DEFAULT_KEY): Promise<void> {
    await this.call(`delete credentials "${key}"`, () => this.keyv.delete(CREDENTIALS + key));
  }

  async keys(): Promise<string[]> {
    return this.call('list keys', async () => {
      if (this.keyv.iterator === undefined) throw new Error('this Keyv store cannot list its keys (it has no iterator)');
      const keys: string[] = [];
      for await (const [name] of this.keyv.iterator(undefined) as AsyncGenerator<[unknown, unknown]>) {
        if (typeof name === 'string' && name.startsWith(CREDENTIALS)) keys.push(name.slice(CREDENTIALS.length));
      }
      return keys;
    });
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lock = this.#lock;
    return this.#mutex.run(key, lock === undefined ? fn : () => lock(key, fn));
  }

  async putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    const stored = await this.call('save a pending authorization', () =>
      this.keyv.set(PENDING + state, { ...pending }, Math.max(1, Math.round(ttlSeconds * 1000))));
    if (stored === false) throw this.failure('save a pending authorization', new Error('the store refused the write'));
    // Stores without TTLs keep expired entries until they are read: an abandoned login's would stay.
    await this.sweepExpiredPending(this.keyv._getKeyPrefix(PENDING)).catch(() => undefined);
  }

  async takePending(state: string): Promise<PendingAuthorization | undefined> {
    return parsePending(await this.call('take a pending authorization', () => this.take(PENDING + state)));
  }

  async close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.call('close', () => this.keyv.disconnect());
      } finally {
        this.keyv.off('error', this.#onError);
      }
    })();
    return this.#closing;
  }

  /**
   * Gets and deletes the Keyv entry `key` in one step, returning its value (undefined when absent or
   * expired). This default relies on the store's `delete` reporting truthfully whether it removed
   * the entry; adapters override it with one atomic command (GETDEL, DELETE … RETURNING).
   */
  protected async take(key: string): Promise<unknown> {
    const value: unknown = await this.keyv.get(key);
    if (value === undefined) return undefined;
    return (await this.keyv.delete(key)) ? value : undefined;
  }

  /**
   * Deletes expired pending authorizations whose stored key starts with `prefix`, for backends
   * without TTLs (SQL tables); called after each `putPending`, its failures ignored. Default: none.
   */
  protected async sweepExpiredPending(_prefix: string): Promise<void> {}

  /** Turns a raw stored string back into its value, or undefined when it has expired. */
  protected async decode(raw: unknown): Promise<unknown> {
    if (typeof raw !== 'string') return undefined;
    const data = await this.keyv.deserializeData<unknown>(raw);
    if (data === undefined || (typeof data.expires === 'number' && data.expires <= Date.now())) return undefined;
    return data.value;
  }

  /**
   * Runs one backend operation, turning a thrown error, or an `error` event emitted while it ran,
   * into a StorageError.
   */
  protected async call<T>(action: string, operation: () => Promise<T>): Promise<T> {
    const seen = this.#errors;
    let result: T;
    try {
      result = await operation();
    } catch (error) {
      throw this.failure(action, error);
    }
    if (this.#errors !== seen) throw this.failure(action, this.#lastError);
    return result;
  }

  /** The StorageError for `action`, its message and cause stripped of secrets. */
  protected failure(action: string, error: unknown): StorageError {
    return storageFailure(this.label, action, error, this.#secrets);
  }
}

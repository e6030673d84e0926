import type { Credentials } from '../credentials.js';
import type { StorageError } from '../errors.js';
import type { KeyvLike } from '../keyv-like.js';
import { KeyedMutex } from './keyed-mutex.js';
import type { LockFunction } from './lease-lock.js';
import { PROCESS_LOCK } from './lock-handle.js';
import { decodeRecord, encodeRecord, firstRevision, revisionConflict, splitRecord } from './record.js';
import { storageFailure } from './redact.js';
import {
  DEFAULT_KEY,
  parsePending,
  type DeleteOptions,
  type LockHandle,
  type PendingAuthorization,
  type RefreshMark,
  type SaveOptions,
  type Storage,
  type StoredRecord,
} from './storage.js';

/** What {@link KeyvStorage.writeRecord} writes. */
export interface RecordWrite {
  credentials: Credentials;
  refreshing?: RefreshMark | undefined;
  /** Compare-and-set: write only if the record is at this revision now. */
  ifRevision?: number | undefined;
}

/** A record serialized the way this Keyv stores it, split around its revision (see {@link KeyvStorage.serializeRecord}). */
export interface SerializedRecord {
  before: string;
  after: string;
}

/** The outcome of a conditional write whose record was at another revision, or gone. */
export const CONFLICT = Symbol('revision conflict');

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
/** Lock names for the default compare-and-set; NUL keeps them apart from every lock a caller names. */
const WRITE_LOCK = 'write\u0000';

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
 * processes, pass a lock that spans them, or use an adapter package. Conditional saves and deletes
 * compare revisions under that same lock (one more lock round trip per write); adapters override
 * {@link KeyvStorage.writeRecord} and {@link KeyvStorage.deleteRecord} with one atomic command.
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
    return (await this.read(key))?.credentials;
  }

  async read(key = DEFAULT_KEY): Promise<StoredRecord | undefined> {
    const value: unknown = await this.call(`read credentials "${key}"`, () => this.keyv.get(CREDENTIALS + key));
    return decodeRecord(value, key, this.label);
  }

  async save(credentials: Credentials, key = DEFAULT_KEY, options: SaveOptions = {}): Promise<number> {
    const written = await this.call(`save credentials "${key}"`, () =>
      this.writeRecord(key, { credentials, refreshing: options.refreshing, ifRevision: options.ifRevision }),
    );
    if (written === CONFLICT) throw revisionConflict(key, options.ifRevision ?? 0);
    return written;
  }

  async delete(key = DEFAULT_KEY, options: DeleteOptions = {}): Promise<void> {
    const deleted = await this.call(`delete credentials "${key}"`, () => this.deleteRecord(key, options.ifRevision));
    if (deleted === CONFLICT) throw revisionConflict(key, options.ifRevision ?? 0);
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

  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    const lock = this.#lock;
    return this.#mutex.run(key, lock === undefined ? () => fn(PROCESS_LOCK) : () => lock(key, fn));
  }

  async putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    const stored = await this.call('save a pending authorization', () =>
      this.keyv.set(PENDING + state, { ...pending }, Math.max(1, Math.round(ttlSeconds * 1000))),
    );
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
   * Writes the record under credentials key `key` in one atomic step and resolves with its new
   * revision, or with {@link CONFLICT} when `write.ifRevision` is given and the record is at another
   * revision (or gone). This default reads, compares and writes under the lock `write<NUL><key>`
   * (cross-process when the storage has a lock); adapters override it with one backend command,
   * using {@link KeyvStorage.serializeRecord} and {@link KeyvStorage.credentialsKey}.
   */
  protected writeRecord(key: string, write: RecordWrite): Promise<number | typeof CONFLICT> {
    return this.#underWriteLock(key, async () => {
      const current = decodeRecord(await this.keyv.get(CREDENTIALS + key), key, this.label)?.revision;
      if (write.ifRevision !== undefined && current !== write.ifRevision) return CONFLICT;
      const revision = current === undefined ? firstRevision() : current + 1;
      const stored = await this.keyv.set(CREDENTIALS + key, encodeRecord({ ...write, revision }));
      if (stored === false) throw new Error('the store refused the write');
      return revision;
    });
  }

  /**
   * Deletes the record under credentials key `key`, if `ifRevision` is given only while it is at that
   * revision; {@link CONFLICT} when it is at another one. A missing record is not a conflict.
   */
  protected deleteRecord(key: string, ifRevision: number | undefined): Promise<true | typeof CONFLICT> {
    const remove = async (): Promise<true> => {
      await this.keyv.delete(CREDENTIALS + key);
      return true;
    };
    if (ifRevision === undefined) return remove();
    return this.#underWriteLock(key, async () => {
      const current = decodeRecord(await this.keyv.get(CREDENTIALS + key), key, this.label)?.revision;
      return current !== undefined && current !== ifRevision ? CONFLICT : remove();
    });
  }

  /**
   * The record as this Keyv would store it (`{"value":{"revision":…,…}}`), split around the
   * revision, so an adapter can write `before + revision + after` with a revision its backend
   * computes. Undefined when the Keyv uses a serializer that does not allow that.
   */
  protected async serializeRecord(write: RecordWrite): Promise<SerializedRecord | undefined> {
    const value = encodeRecord({ credentials: write.credentials, refreshing: write.refreshing, revision: 0 });
    const text = await this.keyv.serializeData({ value, expires: undefined });
    return typeof text === 'string' ? splitRecord(text, '{"value":{') : undefined;
  }

  /** The Keyv key of credentials key `key` (before the store adds its own prefix, if it does). */
  protected credentialsKey(key: string): string {
    return CREDENTIALS + key;
  }

  /** A revision for a record created anew (random; see {@link StoredRecord.revision}). */
  protected firstRevision(): number {
    return firstRevision();
  }

  #underWriteLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lock = this.#lock;
    const name = WRITE_LOCK + key;
    return this.#mutex.run(name, lock === undefined ? fn : () => lock(name, fn));
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

import { randomBytes } from 'node:crypto';
import { Credentials } from '../credentials.js';
import { ErrorCodes, StorageError, safeCause } from '../errors.js';
import { Envelopes, isEnvelope, type EncryptionKey, type NamedEncryptionKey, type Opened } from './encryption.js';
import { revisionConflict } from './record.js';
import { RollbackGuard } from './rollback-guard.js';
import { decodePayload, encodePayload, type SealedPayload } from './sealed-payload.js';
import {
  DEFAULT_KEY,
  parsePending,
  type DeleteOptions,
  type LockHandle,
  type PendingAuthorization,
  type SaveOptions,
  type Storage,
  type StoredRecord,
} from './storage.js';

/** The token type of the stand-in Credentials an EncryptedStorage hands its inner storage. */
const SEALED_TYPE = 'oauthflow-encrypted';
/** Marks a stand-in, in its `extra`. */
const MARK = 'oauthflow_encrypted';
/** How often an unconditional save retries when other writers keep changing the record. */
const SAVE_ATTEMPTS = 10;

/** Options of {@link EncryptedStorage}. */
export interface EncryptedStorageOptions {
  /**
   * `[current, ...older]`: the first key seals every write, every key opens. Each is 32 bytes, a
   * passphrase, or `{ id, key }` to name it in messages.
   */
  keys: readonly (EncryptionKey | NamedEncryptionKey)[];
  /**
   * A name of this store (e.g. `'prod-eu/tokens'`), sealed into every record: a record copied from
   * a store with another binding does not open. Not secret. Default `''`: stores that share a key
   * and have no binding can swap records.
   */
  binding?: string;
  /**
   * Binds every record to its revision and remembers, per key, the newest version this object
   * has read: a record written back over a newer one is refused. Needs an inner storage whose
   * revisions count up by one (every oauthflow adapter's do), and every writer of the store to
   * turn it on. Default false.
   */
  detectRollback?: boolean;
}

/** What {@link EncryptedStorage.reencrypt} did. */
export interface ReencryptReport {
  /** Records rewritten under the current key, in the current format. */
  reencrypted: number;
  /** Records that were already current. */
  unchanged: number;
  /** Records that could not be opened or rewritten: each was left as it was. */
  failed: { key: string; error: StorageError }[];
}

/** A stored record, opened: what it holds and whether it is already in the current form. */
interface OpenedRecord {
  credentials: Credentials;
  revision: number;
  generation: string | undefined;
  /** Sealed with the current key, in the current format, bound as this object binds. */
  current: boolean;
}

/**
 * Encrypts everything it stores in another {@link Storage} with AES-256-GCM: credentials and
 * pending authorizations (the PKCE verifier is a secret too). The inner storage sees only
 * stand-ins: a `Credentials` whose `access_token` is the sealed envelope of the whole stored JSON
 * (token type `oauthflow-encrypted`, no other field), and a pending entry whose `codeVerifier` is
 * the envelope. Keys, locks and TTLs stay the inner storage's, so every backend works unchanged.
 *
 * Each envelope names the key that sealed it (a key id, never the key) and holds, authenticated,
 * where it belongs: the storage key (or pending state), the store's `binding`, and with
 * `detectRollback` the revision and generation of the record. A wrong key, a tampered record, a
 * record copied to another key or store, a rolled-back record or a plaintext record is a
 * {@link StorageError}, never garbage credentials, and is never overwritten by a save: delete it
 * first.
 *
 * The key is 32 random bytes (see {@link EncryptedStorage.generateKey}), or a passphrase: it is
 * stretched with scrypt (N=2^15, r=8, p=1) and a random 16-byte salt that each EncryptedStorage
 * object draws once and writes into every envelope it seals, so nothing else needs storing; the
 * derived key is cached per salt. Rotate keys with `{ keys: [newKey, oldKey] }` and
 * {@link EncryptedStorage.reencrypt}.
 *
 * @example
 * const key = Buffer.from(process.env.OAUTHFLOW_ENCRYPTION_KEY!, 'base64'); // openssl rand -base64 32
 * const storage = new EncryptedStorage(await openStorage('sqlite:./tokens.db'), { keys: [key], binding: 'tokens.db' });
 */
export class EncryptedStorage implements Storage {
  readonly #inner: Storage;
  readonly #envelopes: Envelopes;
  readonly #binding: string;
  readonly #guard: RollbackGuard | undefined;
  /** False once the inner storage was seen not to count revisions by one: records are then sealed unbound. */
  #countsByOne = true;

  /**
   * @param keys one key, `[current, ...older]`, or the options.
   * @throws {ConfigurationError} when a key is neither 32 bytes nor a non-empty passphrase, or there is none.
   */
  constructor(inner: Storage, keys: EncryptionKey | readonly (EncryptionKey | NamedEncryptionKey)[] | EncryptedStorageOptions) {
    const options: EncryptedStorageOptions =
      typeof keys === 'string' || keys instanceof Uint8Array ? { keys: [keys] } : Array.isArray(keys) ? { keys } : (keys as EncryptedStorageOptions);
    this.#inner = inner;
    this.#envelopes = new Envelopes(options.keys ?? []);
    this.#binding = options.binding ?? '';
    this.#guard = options.detectRollback === true ? new RollbackGuard() : undefined;
  }

  /**
   * True for what an inner storage holds in place of credentials an EncryptedStorage sealed: read
   * without the EncryptedStorage (and its key), a record looks like this, not like tokens.
   */
  static isSealed(credentials: Credentials): boolean {
    return credentials.tokenType === SEALED_TYPE && isEnvelope(credentials.accessToken);
  }

  /** 32 random bytes, a key for `new EncryptedStorage(inner, key)`. Keep it out of the store. */
  static generateKey(): Buffer {
    return randomBytes(32);
  }

  async get(key = DEFAULT_KEY): Promise<Credentials | undefined> {
    return (await this.read(key))?.credentials;
  }

  /** The inner record with its credentials decrypted; the revision and in-flight mark are the inner store's. */
  async read(key = DEFAULT_KEY): Promise<StoredRecord | undefined> {
    const record = await this.#inner.read(key);
    if (record === undefined) {
      this.#guard?.gone(key);
      return undefined;
    }
    const opened = await this.#openRecord(key, record);
    return { ...record, credentials: opened.credentials };
  }

  /**
   * Seals and saves. A save without `ifRevision` first reads the record it replaces and refuses
   * to overwrite one that does not open (wrong key, tampered, copied, rolled back): delete it first.
   */
  async save(credentials: Credentials, key = DEFAULT_KEY, options: SaveOptions = {}): Promise<number> {
    const data = credentials.toStored();
    if (options.ifRevision === undefined) return this.#saveUnconditionally(data, key, options);
    if (this.#guard === undefined) return this.#inner.save(await this.#standIn(key, data, null), key, options);
    const current = await this.#current(key);
    if (current?.revision !== options.ifRevision) throw revisionConflict(key, options.ifRevision, current?.revision);
    return this.#saveBound(data, key, options, options.ifRevision, current.generation ?? newGeneration());
  }

  async delete(key = DEFAULT_KEY, options: DeleteOptions = {}): Promise<void> {
    await this.#inner.delete(key, options);
    this.#guard?.gone(key);
  }

  /** The inner storage's keys: key names are not encrypted. */
  keys(): Promise<string[]> {
    return this.#inner.keys();
  }

  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    return this.#inner.withLock(key, fn);
  }

  async putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    const envelope = await this.#envelopes.seal(encodePayload({ place: `pending:${state}`, binding: this.#binding, revision: null, data: pending }));
    await this.#inner.putPending(state, { codeVerifier: envelope, redirectUri: '', key: '', createdAt: 0 }, ttlSeconds);
  }

  async takePending(state: string): Promise<PendingAuthorization | undefined> {
    const standIn = await this.#inner.takePending(state);
    if (standIn === undefined) return undefined;
    if (!isEnvelope(standIn.codeVerifier)) {
      throw new StorageError('A pending authorization is not encrypted; EncryptedStorage refuses to read plaintext');
    }
    const what = 'a pending authorization';
    const { payload, data } = await this.#open(standIn.codeVerifier, `pending:${state}`, what);
    if (payload !== undefined) this.#checkPlace(payload, `pending:${state}`, what);
    return parsePending(data);
  }

  /**
   * Rewrites every stored record that is not yet sealed with the current key in the current
   * format (and, with `detectRollback`, bound to its revision): under each key's lock, with a
   * conditional save, keeping any in-flight refresh mark. A record that does not open is left as
   * it was and reported. Pending authorizations are not rewritten: they expire within minutes,
   * so keep an old key configured for that long after rotating.
   */
  async reencrypt(): Promise<ReencryptReport> {
    const report: ReencryptReport = { reencrypted: 0, unchanged: 0, failed: [] };
    for (const key of await this.#inner.keys()) {
      try {
        const outcome = await this.#inner.withLock(key, () => this.#reencryptOne(key));
        if (outcome === 'reencrypted') report.reencrypted += 1;
        else if (outcome === 'unchanged') report.unchanged += 1;
      } catch (error) {
        const failure =
          error instanceof StorageError ? error : new StorageError(`Could not re-encrypt the credentials under "${key}"`, { cause: safeCause(error) });
        report.failed.push({ key, error: failure });
      }
    }
    return report;
  }

  async close(): Promise<void> {
    await this.#inner.close?.();
  }

  async #reencryptOne(key: string): Promise<'reencrypted' | 'unchanged' | 'gone'> {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt += 1) {
      const record = await this.#inner.read(key);
      if (record === undefined) return 'gone';
      const opened = await this.#openRecord(key, record);
      if (opened.current) return 'unchanged';
      const options: SaveOptions = { ifRevision: record.revision };
      if (record.refreshing !== undefined) options.refreshing = record.refreshing;
      try {
        await this.save(opened.credentials, key, options);
        return 'reencrypted';
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    throw new StorageError(`The credentials under "${key}" kept changing while being re-encrypted; run reencrypt() again`);
  }

  /** A save without a condition: read what it replaces (it must open), then write over that revision. */
  async #saveUnconditionally(data: unknown, key: string, options: SaveOptions): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.#current(key);
      if (this.#guard === undefined) return this.#inner.save(await this.#standIn(key, data, null), key, options);
      try {
        if (current !== undefined)
          return await this.#saveBound(data, key, { ...options, ifRevision: current.revision }, current.revision, current.generation ?? newGeneration());
        // A new record: its first revision is the store's choice, so write it unbound, then bind it.
        const generation = newGeneration();
        const created = await this.#inner.save(await this.#standIn(key, data, null, generation), key, options);
        this.#guard.note(key, generation, null);
        return await this.#saveBound(data, key, { ...options, ifRevision: created }, created, generation).catch((error: unknown) => {
          if (isConflict(error)) return created; // a later writer's record stands
          throw error;
        });
      } catch (error) {
        if (!isConflict(error) || attempt >= SAVE_ATTEMPTS) throw error;
      }
    }
  }

  /** Saves conditionally on `base`, sealed for the revision that save makes: `base + 1`. */
  async #saveBound(data: unknown, key: string, options: SaveOptions, base: number, generation: string): Promise<number> {
    const guard = this.#guard ?? new RollbackGuard();
    if (!this.#countsByOne) {
      const revision = await this.#inner.save(await this.#standIn(key, data, null, generation), key, options);
      guard.note(key, generation, null);
      return revision;
    }
    const predicted = base + 1;
    const revision = await this.#inner.save(await this.#standIn(key, data, predicted, generation), key, options);
    if (revision === predicted) {
      guard.note(key, generation, revision);
      return revision;
    }
    // The inner storage does not count by one: the record just written cannot open; rewrite it unbound.
    this.#countsByOne = false;
    const unbound = await this.#inner
      .save(await this.#standIn(key, data, null, generation), key, { ...options, ifRevision: revision })
      .catch((error: unknown) => {
        if (isConflict(error)) return revision; // another writer replaced it already
        throw error;
      });
    guard.note(key, generation, null);
    return unbound;
  }

  /** The record a save replaces: undefined when there is none; a plaintext record may be replaced (encrypting it). */
  async #current(key: string): Promise<{ revision: number; generation: string | undefined } | undefined> {
    const record = await this.#inner.read(key);
    if (record === undefined) return undefined;
    if (record.credentials.tokenType !== SEALED_TYPE) return { revision: record.revision, generation: undefined };
    const { revision, generation } = await this.#openRecord(key, record);
    return { revision, generation };
  }

  async #standIn(key: string, data: unknown, revision: number | null, generation?: string): Promise<Credentials> {
    const payload: SealedPayload = { place: `credentials:${key}`, binding: this.#binding, revision, data };
    if (generation !== undefined) payload.generation = generation;
    const envelope = await this.#envelopes.seal(encodePayload(payload));
    return new Credentials({ accessToken: envelope, tokenType: SEALED_TYPE, extra: { [MARK]: 1 } });
  }

  async #openRecord(key: string, record: StoredRecord): Promise<OpenedRecord> {
    const standIn = record.credentials;
    if (standIn.tokenType !== SEALED_TYPE || !isEnvelope(standIn.accessToken)) {
      throw new StorageError(`The credentials under "${key}" are not encrypted; EncryptedStorage refuses to read plaintext (it was left untouched)`);
    }
    const what = `the credentials under "${key}"`;
    const { opened, payload, data } = await this.#open(standIn.accessToken, `credentials:${key}`, what);
    let credentials: Credentials;
    try {
      credentials = Credentials.fromJSON(data);
    } catch (error) {
      throw new StorageError(`Cannot decrypt ${what}: the decrypted record is not credentials`, { cause: safeCause(error) });
    }
    if (payload === undefined) {
      this.#guard?.check(key, undefined, null);
      this.#guard?.note(key, undefined, null);
      return { credentials, revision: record.revision, generation: undefined, current: false };
    }
    this.#checkPlace(payload, `credentials:${key}`, what);
    if (this.#guard !== undefined) {
      if (payload.revision !== null && payload.revision !== record.revision) {
        throw new StorageError(
          `The credentials under "${key}" were sealed for revision ${payload.revision}, but the store holds them at revision ${record.revision}: an older copy of the record was written back (rolled back), or the inner storage does not count revisions by one. It was left untouched: log in again to replace it`,
        );
      }
      this.#guard.check(key, payload.generation, payload.revision, !this.#countsByOne);
      this.#guard.note(key, payload.generation, payload.revision);
    }
    const bound = this.#guard === undefined || !this.#countsByOne || payload.revision !== null;
    return { credentials, revision: record.revision, generation: payload.generation, current: opened.keyIndex === 0 && bound };
  }

  /** Opens an envelope: a version 1 envelope's plaintext is the data itself (no payload). */
  async #open(envelope: string, place: string, what: string): Promise<{ opened: Opened; payload: SealedPayload | undefined; data: unknown }> {
    const opened = await this.#envelopes.open(envelope, place);
    if ('reason' in opened) {
      const keep = 'It was left untouched';
      if (opened.reason === 'malformed') throw new StorageError(`Cannot decrypt ${what}: the stored envelope is malformed. ${keep}`);
      if (opened.reason === 'unknown-key') {
        throw new StorageError(
          `Cannot decrypt ${what}: it was sealed with key id "${opened.keyId}", which is none of this EncryptedStorage's keys (${this.#envelopes.describeKeys()}). Add that key after the current one in \`keys\`. ${keep}`,
        );
      }
      if (opened.keyId !== undefined) {
        throw new StorageError(
          `Cannot decrypt ${what}: it does not authenticate under key id "${opened.keyId}": the record was tampered with. ${keep}: delete it and log in again`,
        );
      }
      throw new StorageError(
        `Cannot decrypt ${what} (an envelope without a key id): wrong key (tried ${this.#envelopes.describeKeys()}), or the record was tampered with or moved. ${keep}`,
      );
    }
    if (opened.version === 1) {
      try {
        return { opened, payload: undefined, data: JSON.parse(opened.plaintext) as unknown };
      } catch {
        throw new StorageError(`Cannot decrypt ${what}: the decrypted record is not JSON`);
      }
    }
    const payload = decodePayload(opened.plaintext);
    if (payload === undefined) throw new StorageError(`Cannot decrypt ${what}: the decrypted record is not an oauthflow payload`);
    return { opened, payload, data: payload.data };
  }

  /** Refuses a payload sealed for another place or store. */
  #checkPlace(payload: SealedPayload, place: string, what: string): void {
    if (payload.place !== place) {
      throw new StorageError(
        `Cannot use ${what}: the record was sealed for ${JSON.stringify(payload.place)} and copied here. It was left untouched: delete it (and log in again)`,
      );
    }
    if (payload.binding !== this.#binding) {
      throw new StorageError(
        `Cannot use ${what}: it was sealed for the store binding ${JSON.stringify(payload.binding)}, not this EncryptedStorage's ${JSON.stringify(this.#binding)}: the record was copied from another store or namespace. It was left untouched: delete it and log in again, or, if you moved the store on purpose, open it with { binding: ${JSON.stringify(payload.binding)} }`,
      );
    }
  }
}

function newGeneration(): string {
  return randomBytes(9).toString('base64url');
}

function isConflict(error: unknown): boolean {
  return error instanceof StorageError && error.code === ErrorCodes.REVISION_CONFLICT;
}

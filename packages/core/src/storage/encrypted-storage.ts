import { randomBytes } from 'node:crypto';
import { Credentials } from '../credentials.js';
import { StorageError } from '../errors.js';
import { Envelopes, isEnvelope, type EncryptionKey, type OpenFailure } from './encryption.js';
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

/**
 * Encrypts everything it stores in another {@link Storage} with AES-256-GCM: credentials and
 * pending authorizations (the PKCE verifier is a secret too). The inner storage sees only
 * stand-ins: a `Credentials` whose `access_token` is the sealed envelope of the whole stored JSON
 * (token type `oauthflow-encrypted`, no other field), and a pending entry whose `codeVerifier` is
 * the envelope. Keys, locks and TTLs stay the inner storage's, so every backend works unchanged.
 *
 * Each envelope is bound to its place (`credentials:<key>` or `pending:<state>`) as additional
 * authenticated data, so a record copied to another key does not open. A wrong key, a tampered
 * record or a plaintext record is a {@link StorageError}, never garbage credentials.
 *
 * The key is 32 random bytes (see {@link EncryptedStorage.generateKey}), or a passphrase: it is
 * stretched with scrypt (N=2^15, r=8, p=1) and a random 16-byte salt that each EncryptedStorage
 * object draws once and writes into every envelope it seals, so nothing else needs storing; the
 * derived key is cached per salt.
 *
 * @example
 * const key = Buffer.from(process.env.OAUTHFLOW_KEY!, 'base64'); // openssl rand -base64 32
 * const storage = new EncryptedStorage(await openStorage('sqlite:./tokens.db'), key);
 */
export class EncryptedStorage implements Storage {
  readonly #inner: Storage;
  readonly #envelopes: Envelopes;

  /** @throws {ConfigurationError} when `key` is neither 32 bytes nor a non-empty passphrase. */
  constructor(inner: Storage, key: EncryptionKey) {
    this.#inner = inner;
    this.#envelopes = new Envelopes(key);
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
    if (record === undefined) return undefined;
    const standIn = record.credentials;
    if (standIn.tokenType !== SEALED_TYPE || !isEnvelope(standIn.accessToken)) {
      throw new StorageError(`The credentials under "${key}" are not encrypted; EncryptedStorage refuses to read plaintext`);
    }
    const json = await this.#open(standIn.accessToken, `credentials:${key}`, `the credentials under "${key}"`);
    return { ...record, credentials: Credentials.fromJSON(json) };
  }

  async save(credentials: Credentials, key = DEFAULT_KEY, options: SaveOptions = {}): Promise<number> {
    const envelope = await this.#envelopes.seal(JSON.stringify(credentials.toStored()), `credentials:${key}`);
    return this.#inner.save(new Credentials({ accessToken: envelope, tokenType: SEALED_TYPE, extra: { [MARK]: 1 } }), key, options);
  }

  delete(key = DEFAULT_KEY, options: DeleteOptions = {}): Promise<void> {
    return this.#inner.delete(key, options);
  }

  /** The inner storage's keys: key names are not encrypted. */
  keys(): Promise<string[]> {
    return this.#inner.keys();
  }

  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    return this.#inner.withLock(key, fn);
  }

  async putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    const envelope = await this.#envelopes.seal(JSON.stringify(pending), `pending:${state}`);
    await this.#inner.putPending(state, { codeVerifier: envelope, redirectUri: '', key: '', createdAt: 0 }, ttlSeconds);
  }

  async takePending(state: string): Promise<PendingAuthorization | undefined> {
    const standIn = await this.#inner.takePending(state);
    if (standIn === undefined) return undefined;
    if (!isEnvelope(standIn.codeVerifier)) {
      throw new StorageError('A pending authorization is not encrypted; EncryptedStorage refuses to read plaintext');
    }
    return parsePending(await this.#open(standIn.codeVerifier, `pending:${state}`, 'a pending authorization'));
  }

  async close(): Promise<void> {
    await this.#inner.close?.();
  }

  async #open(envelope: string, aad: string, what: string): Promise<unknown> {
    const opened: string | OpenFailure = await this.#envelopes.open(envelope, aad);
    if (opened === 'malformed') throw new StorageError(`Cannot decrypt ${what}: the stored envelope is malformed`);
    if (opened === 'unauthentic') {
      throw new StorageError(`Cannot decrypt ${what}: wrong key, or the record was tampered with or moved`);
    }
    try {
      return JSON.parse(opened) as unknown;
    } catch {
      throw new StorageError(`Cannot decrypt ${what}: the decrypted record is not JSON`);
    }
  }
}

import {
  ConfigurationError,
  DEFAULT_KEY,
  type Credentials,
  type DeleteOptions,
  EncryptedStorage,
  type LockHandle,
  type PendingAuthorization,
  type SaveOptions,
  type Storage,
  type StoredRecord,
} from '@oauthflow/core';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that holds the store's keys: `<current>,<older>,…`. */
export const ENCRYPTION_KEYS_VARIABLE = 'OAUTHFLOW_ENCRYPTION_KEYS';

/**
 * The keys of OAUTHFLOW_ENCRYPTION_KEYS, current first: each is 32 bytes in base64 (`openssl rand
 * -base64 32`) or, failing that, a passphrase. Undefined when the variable is unset or empty.
 */
export function encryptionKeys(env: Env): Array<Buffer | string> | undefined {
  const value = env[ENCRYPTION_KEYS_VARIABLE]?.trim();
  if (value === undefined || value === '') return undefined;
  return value.split(',').map((item, index) => {
    const text = item.trim();
    if (text === '') throw new ConfigurationError(`${ENCRYPTION_KEYS_VARIABLE} has an empty key at position ${index + 1}; separate keys with single commas`);
    const bytes = /^[A-Za-z0-9+/]{43}=$/.test(text) ? Buffer.from(text, 'base64') : undefined;
    return bytes?.length === 32 ? bytes : text;
  });
}

/**
 * The store as the CLI uses it: through an EncryptedStorage when OAUTHFLOW_ENCRYPTION_KEYS is set
 * (tokens and client settings sealed alike); otherwise one that refuses sealed records with a
 * message naming the variable, instead of handing out an envelope as if it were a token.
 */
export function protectStorage(storage: Storage, env: Env, display: string): Storage {
  const keys = encryptionKeys(env);
  return keys === undefined ? new RefuseSealed(storage, display) : new EncryptedStorage(storage, { keys });
}

/** Passes everything through, but a sealed record read without its key is a clear error. */
class RefuseSealed implements Storage {
  readonly #inner: Storage;
  readonly #display: string;

  constructor(inner: Storage, display: string) {
    this.#inner = inner;
    this.#display = display;
  }

  async get(key?: string): Promise<Credentials | undefined> {
    return this.#check(await this.#inner.get(key), key);
  }

  async read(key?: string): Promise<StoredRecord | undefined> {
    const record = await this.#inner.read(key);
    if (record !== undefined) this.#check(record.credentials, key);
    return record;
  }

  save(credentials: Credentials, key?: string, options?: SaveOptions): Promise<number> {
    return this.#inner.save(credentials, key, options);
  }

  delete(key?: string, options?: DeleteOptions): Promise<void> {
    return this.#inner.delete(key, options);
  }

  keys(): Promise<string[]> {
    return this.#inner.keys();
  }

  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    return this.#inner.withLock(key, fn);
  }

  putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    return this.#inner.putPending(state, pending, ttlSeconds);
  }

  takePending(state: string): Promise<PendingAuthorization | undefined> {
    return this.#inner.takePending(state);
  }

  async close(): Promise<void> {
    await this.#inner.close?.();
  }

  #check(credentials: Credentials | undefined, key = DEFAULT_KEY): Credentials | undefined {
    if (credentials !== undefined && EncryptedStorage.isSealed(credentials)) {
      throw new ConfigurationError(
        `The credentials under "${key}" in ${this.#display} are encrypted: set ${ENCRYPTION_KEYS_VARIABLE} to the key they were sealed with (the current key first, older ones after it, comma-separated)`,
      );
    }
    return credentials;
  }
}

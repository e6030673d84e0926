import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { Credentials, type StoredCredentials } from '../credentials.js';
import { StorageError, safeCause } from '../errors.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { KeyedMutex } from './keyed-mutex.js';
import { DEFAULT_KEY, parsePending, type PendingAuthorization, type Storage } from './storage.js';

/** Options of {@link FileStorage}. */
export interface FileStorageOptions {
  /** A lock holder that stops renewing its lease for this long is presumed dead. Default 10 s (min 2 s). */
  lockLeaseMs?: number;
  /** How long `withLock` and writes wait for a lock before a StorageError. Default 30 s. */
  lockTimeoutMs?: number;
}

interface FileContents {
  version: 1;
  credentials: Record<string, StoredCredentials>;
  pending: Record<string, PendingAuthorization & { expiresAt: number }>;
}

/**
 * Keeps many credentials, by key, in one JSON file readable by its owner only (mode 0600).
 *
 * Every write is a read-modify-write under a cross-process lock, and replaces the file atomically
 * (temp file + fsync + rename, by write-file-atomic): a reader, or a process killed mid-write,
 * never sees half a file. A file that is not ours or not JSON is never overwritten: every call
 * fails with a StorageError until a person looks at it.
 *
 * @example
 * const storage = new FileStorage('./youtube.json');
 */
export class FileStorage implements Storage {
  readonly path: string;
  readonly #lock: FileLockOptions;
  readonly #mutex = new KeyedMutex();
  #directoryReady = false;
  #directoryCreated = false;

  constructor(path: string, options: FileStorageOptions = {}) {
    this.path = resolve(path);
    this.#lock = { leaseMs: Math.max(options.lockLeaseMs ?? 10_000, 2000), timeoutMs: options.lockTimeoutMs ?? 30_000 };
  }

  async get(key = DEFAULT_KEY): Promise<Credentials | undefined> {
    const stored = (await this.#read()).credentials[key];
    return stored === undefined ? undefined : Credentials.fromJSON(stored);
  }

  async save(credentials: Credentials, key = DEFAULT_KEY): Promise<void> {
    await this.#update((contents) => { contents.credentials[key] = credentials.toJSON(); });
  }

  async delete(key = DEFAULT_KEY): Promise<void> {
    await this.#update((contents) => { delete contents.credentials[key]; });
  }

  async keys(): Promise<string[]> {
    return Object.keys((await this.#read()).credentials);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const target = `${this.path}.${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    return this.#mutex.run(`lock:${key}`, async () => {
      await this.#ensureDirectory();
      return withFileLock(target, this.#lock, fn);
    });
  }

  async putPending(state: string, pending: PendingAuthorization, ttlSeconds: number): Promise<void> {
    await this.#update((contents) => {
      contents.pending[state] = { ...pending, expiresAt: Date.now() + ttlSeconds * 1000 };
    });
  }

  async takePending(state: string): Promise<PendingAuthorization | undefined> {
    let taken: PendingAuthorization | undefined;
    await this.#update((contents) => {
      const entry: unknown = contents.pending[state];
      if (entry === undefined) return false;
      delete contents.pending[state];
      if (isLive(entry)) taken = parsePending(entry);
      return true;
    });
    return taken;
  }

  async close(): Promise<void> {}

  /** Read-modify-write under the file's write lock. `change` returns false when nothing changed. */
  async #update(change: (contents: FileContents) => boolean | void): Promise<void> {
    await this.#ensureDirectory();
    await this.#mutex.run('write', () => withFileLock(this.path, this.#lock, async () => {
      const contents = await this.#read();
      if (change(contents) === false) return;
      dropExpiredPending(contents);
      await this.#write(contents);
    }));
  }

  /** The locks live next to the file (`<file>.lock`), so its directory must exist before the first lock, not only before the first write. */
  async #ensureDirectory(): Promise<void> {
    if (this.#directoryCreated) return;
    try {
      await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StorageError(`Cannot create the directory of credentials file ${this.path}: ${(error as Error).message}`, { cause: safeCause(error) });
    }
    this.#directoryCreated = true;
  }

  async #read(): Promise<FileContents> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { version: 1, credentials: {}, pending: {} };
      throw new StorageError(`Cannot read credentials file ${this.path}: ${(error as Error).message}`, { cause: safeCause(error) });
    }
    return parseContents(text, this.path);
  }

  /**
   * write-file-atomic writes `<file>.<number>` and renames it; a writer killed in between leaves it
   * behind, tokens and all. Every writer holds the write lock, so under it any such file is abandoned.
   */
  async #removeAbandonedTempFiles(): Promise<void> {
    const prefix = `${basename(this.path)}.`;
    const names = await readdir(dirname(this.path)).catch(() => [] as string[]);
    await Promise.all(names
      .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
      .map((name) => rm(join(dirname(this.path), name), { force: true })));
  }

  async #write(contents: FileContents): Promise<void> {
    try {
      if (!this.#directoryReady) {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        await this.#removeAbandonedTempFiles();
      }
      this.#directoryReady = true;
      await writeFileAtomic(this.path, `${JSON.stringify(contents, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      throw new StorageError(`Cannot write credentials file ${this.path}: ${(error as Error).message}`, { cause: safeCause(error) });
    }
  }
}

function parseContents(text: string, path: string): FileContents {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StorageError(`Credentials file ${path} is not valid JSON; it was left untouched — fix or remove it`);
  }
  // Arrays and other non-objects are not ours either: spread into an object, they would be rewritten as one.
  if (!isObject(json) || json['version'] !== 1 || !isObject(json['credentials']) || (json['pending'] !== undefined && !isObject(json['pending']))) {
    throw new StorageError(`Credentials file ${path} is not an oauthflow credentials file (version 1); it was left untouched`);
  }
  return { version: 1, credentials: { ...json['credentials'] } as FileContents['credentials'], pending: { ...json['pending'] } as FileContents['pending'] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A pending entry that has not expired; anything else in `pending` (null, a string) is dropped. */
function isLive(entry: unknown): entry is PendingAuthorization & { expiresAt: number } {
  return isObject(entry) && typeof entry['expiresAt'] === 'number' && entry['expiresAt'] > Date.now();
}

function dropExpiredPending(contents: FileContents): void {
  for (const [state, entry] of Object.entries(contents.pending)) if (!isLive(entry)) delete contents.pending[state];
}

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Credentials } from '../credentials.js';
import { StorageError, safeCause } from '../errors.js';
import { isTempFileOf, writeFileAtomically } from './atomic-write.js';
import { withFileLock, type FileLockOptions } from './file-lock.js';
import { KeyedMutex } from './keyed-mutex.js';
import { decodeRecord, encodeRecord, firstRevision, revisionConflict } from './record.js';
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
import { checkStorageKey } from './storage-key.js';

/** Options of {@link FileStorage}. */
export interface FileStorageOptions {
  /** A lock holder that stops renewing its lease for this long is presumed dead. Default 10 s (min 2 s). */
  lockLeaseMs?: number;
  /** How long `withLock` and writes wait for a lock before a StorageError. Default 30 s. */
  lockTimeoutMs?: number;
}

interface FileContents {
  /** 2 since records carry revisions; version 1 files (bare stored credentials) are read and upgraded. */
  version: 2;
  credentials: Record<string, unknown>;
  pending: Record<string, PendingAuthorization & { expiresAt: number }>;
}

/**
 * Keeps many credentials, by key, in one JSON file readable by its owner only (mode 0600).
 *
 * Every write is a read-modify-write under a cross-process lock, and replaces the file atomically
 * (a hidden temp file + fsync + rename): a reader, or a process killed mid-write, never sees half
 * a file. Keys are checked like the flow's: `__proto__`, empty or overlong keys are refused with a
 * ConfigurationError. A file that is not ours or not JSON is never overwritten: every call
 * fails with a StorageError until a person looks at it. Conditional saves and deletes compare the
 * record's revision under the same lock, so they are atomic across processes too.
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
    return (await this.read(key))?.credentials;
  }

  async read(key = DEFAULT_KEY): Promise<StoredRecord | undefined> {
    checkStorageKey(key);
    return decodeRecord(entry(await this.#read(), key), key, 'File');
  }

  async save(credentials: Credentials, key = DEFAULT_KEY, options: SaveOptions = {}): Promise<number> {
    checkStorageKey(key);
    let revision = 0;
    await this.#update((contents) => {
      const current = revisionIn(contents, key);
      if (options.ifRevision !== undefined && current !== options.ifRevision) throw revisionConflict(key, options.ifRevision, current);
      revision = current === undefined ? firstRevision() : current + 1;
      contents.credentials[key] = encodeRecord({ credentials, revision, refreshing: options.refreshing });
    });
    return revision;
  }

  async delete(key = DEFAULT_KEY, options: DeleteOptions = {}): Promise<void> {
    checkStorageKey(key);
    await this.#update((contents) => {
      const current = revisionIn(contents, key);
      if (current === undefined) return false;
      if (options.ifRevision !== undefined && current !== options.ifRevision) throw revisionConflict(key, options.ifRevision, current);
      delete contents.credentials[key];
      return true;
    });
  }

  async keys(): Promise<string[]> {
    return Object.keys((await this.#read()).credentials);
  }

  withLock<T>(key: string, fn: (lock: LockHandle) => Promise<T>): Promise<T> {
    checkStorageKey(key);
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
      // The state comes from a redirect anyone can forge: look at own entries only.
      if (!Object.hasOwn(contents.pending, state)) return false;
      const entry: unknown = contents.pending[state];
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
    await this.#mutex.run('write', () =>
      withFileLock(this.path, this.#lock, async () => {
        const contents = await this.#read();
        if (change(contents) === false) return;
        dropExpiredPending(contents);
        await this.#write(contents);
      }),
    );
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
      if ((error as { code?: string }).code === 'ENOENT') return { version: 2, credentials: {}, pending: {} };
      throw new StorageError(`Cannot read credentials file ${this.path}: ${(error as Error).message}`, { cause: safeCause(error) });
    }
    return parseContents(text, this.path);
  }

  /**
   * A writer killed between writing its temp file and renaming it leaves the temp file behind,
   * tokens and all. Every writer holds the write lock, so under it any such file is abandoned.
   * Only our own temp names are removed: a user's `tokens.json.20250101` backup is not ours.
   */
  async #removeAbandonedTempFiles(): Promise<void> {
    const names = await readdir(dirname(this.path)).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => isTempFileOf(this.path, name)).map((name) => rm(join(dirname(this.path), name), { force: true })));
  }

  async #write(contents: FileContents): Promise<void> {
    try {
      if (!this.#directoryReady) {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        await this.#removeAbandonedTempFiles();
      }
      this.#directoryReady = true;
      await writeFileAtomically(this.path, `${JSON.stringify(contents, null, 2)}\n`);
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
  const version = isObject(json) ? json['version'] : undefined;
  if (!isObject(json) || (version !== 1 && version !== 2) || !isObject(json['credentials']) || (json['pending'] !== undefined && !isObject(json['pending']))) {
    throw new StorageError(`Credentials file ${path} is not an oauthflow credentials file (version 1 or 2); it was left untouched`);
  }
  return { version: 2, credentials: { ...json['credentials'] }, pending: { ...json['pending'] } as FileContents['pending'] };
}

/** The stored value under `key`, own properties only (a key such as `constructor` is data, not the prototype's). */
function entry(contents: FileContents, key: string): unknown {
  return Object.hasOwn(contents.credentials, key) ? contents.credentials[key] : undefined;
}

/** The revision of the record under `key`, undefined when there is none; a foreign value throws. */
function revisionIn(contents: FileContents, key: string): number | undefined {
  return decodeRecord(entry(contents, key), key, 'File')?.revision;
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

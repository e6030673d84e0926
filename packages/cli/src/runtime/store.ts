import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { MemoryStorage, StorageError, openStorage, redact, type Storage } from '@oauthflow/core';
import { protectStorage } from './encryption.js';
import { oauthflowPaths } from './paths.js';

/** An open store, and its URI as it may be shown (password hidden). */
export interface OpenStore {
  storage: Storage;
  /** The URI without its password, for messages and `status`. */
  display: string;
  close(): Promise<void>;
}

/** How {@link openStore} treats a store that does not exist yet. */
export interface OpenStoreOptions {
  /** True for the default SQLite store in the data directory, whose directory may be created. */
  isDefault?: boolean;
  /**
   * Create a missing local store (login, a migration's target). Otherwise a `sqlite:` or `file:`
   * store whose file is missing is read as empty, and nothing is created: looking must not leave
   * a data directory and an empty database behind.
   */
  create?: boolean;
  /**
   * The store as it is, without the encryption of OAUTHFLOW_ENCRYPTION_KEYS (or the refusal of
   * sealed records without it): for `reencrypt`, which reads both kinds.
   */
  raw?: boolean;
}

/**
 * Opens the store a URI names (through core's `openStorage`: the adapter package of the scheme
 * loads only now). With `create`, the default store's directory is created (mode 0700).
 */
export async function openStore(uri: string, options: OpenStoreOptions = {}): Promise<OpenStore> {
  if (!options.create && !storeMayExist(uri)) {
    return { storage: new MemoryStorage(), display: displayUri(uri), close: async () => undefined };
  }
  if (options.isDefault && options.create) await mkdir(oauthflowPaths().data, { recursive: true, mode: 0o700 });
  const display = displayUri(uri);
  const raw = await openStorage(uri);
  const storage = options.raw ? raw : protectStorage(raw, process.env, display);
  let closed = false;
  return {
    storage,
    display,
    close: async () => {
      if (closed) return;
      closed = true;
      await storage.close?.();
    },
  };
}

/** A store URI with its password replaced by `***`. */
export function displayUri(uri: string): string {
  return redact(uri).replace(/([?&]password=)[^&]*/gi, '$1***');
}

/** Runs `fn` with the store open, and closes it however `fn` ends (a Redis connection would keep the process alive). */
export async function withStore<T>(uri: string, options: OpenStoreOptions, fn: (store: OpenStore) => Promise<T>): Promise<T> {
  const store = await openStore(uri, options);
  try {
    return await fn(store);
  } catch (error) {
    throw await explainStoreError(error, uri);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/**
 * A store failure made specific where the adapter cannot be: a server store that gave no
 * connection is probed once (a wrong Redis password looks like a timeout to the client).
 */
export async function explainStoreError(error: unknown, uri: string): Promise<unknown> {
  if (!(error instanceof StorageError) || !/^rediss?:/i.test(uri)) return error;
  const { diagnoseRedis } = await import('./redis-diagnosis.js');
  return (await diagnoseRedis(uri, displayUri(uri)).catch(() => undefined)) ?? error;
}

/**
 * The file behind a `sqlite:` or `file:` store URI (as core's openStorage reads it), or undefined
 * for a server store. Lets read-only commands tell "nothing stored yet" without creating the file.
 */
export function localStoreFile(uri: string): string | undefined {
  const match = /^(sqlite|file):(.*)$/is.exec(uri);
  if (match === null) return undefined;
  const rest = match[2] ?? '';
  if (match[1]!.toLowerCase() === 'file') return rest.startsWith('//') ? fileURLToPath(uri) : decodeURIComponent(rest);
  return decodeURIComponent(rest.startsWith('//') ? rest.slice(2) : rest);
}

/** False only for a local store whose file does not exist yet (a server store may hold anything). */
export function storeMayExist(uri: string): boolean {
  const file = localStoreFile(uri);
  return file === undefined || file === '' || file === ':memory:' || existsSync(file);
}

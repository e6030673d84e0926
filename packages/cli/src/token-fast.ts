import { parseArgs } from 'node:util';
import { EncryptedStorage, openStorage, type Storage } from '@oauthflow/core';
import { encryptionKeys } from './runtime/encryption.js';
import { loadSettings } from './runtime/settings.js';
import { localStoreFile, storeMayExist } from './runtime/store.js';
import { formatToken, tokenFormat } from './runtime/token-output.js';

/**
 * `oauthflow token` when the stored token is fresh: the call scripts make before every request,
 * so it loads neither commander nor the client and HTTP code (axios, simple-oauth2) — node's own
 * `util.parseArgs` reads its few flags. Resolves with exit code 0 once the token is printed, or
 * undefined whenever it cannot answer alone (a client flag, --help, a typo, nothing stored, a
 * stale token, any error): the full command then runs and does the rest, with its messages.
 */
export async function fastToken(args: readonly string[]): Promise<0 | undefined> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: { store: { type: 'string' }, key: { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' }, format: { type: 'string' } },
    }));
  } catch {
    return undefined;
  }
  try {
    const format = tokenFormat(values);
    const settings = await loadSettings(values);
    // Reading must not create a store (or its directory) where none is.
    if (!storeMayExist(settings.storeUri)) return undefined;
    // An encrypted store (or one read without its key) takes the full path: the fast one stays small.
    if (encryptionKeys(settings.env) !== undefined) return undefined;
    const storage = await open(settings.storeUri);
    try {
      const credentials = await storage.get(settings.key);
      if (credentials === undefined || credentials.needsRefresh() || EncryptedStorage.isSealed(credentials)) return undefined;
      process.stdout.write(formatToken(credentials, settings.key, format));
      return 0;
    } finally {
      await storage.close?.();
    }
  } catch {
    return undefined;
  }
}

/**
 * The store, through core's openStorage — except SQLite, the default, whose adapter is imported
 * by name here so that the bundle of this path holds it (openStorage imports adapters by a
 * computed name, which a bundler cannot follow).
 */
async function open(uri: string): Promise<Storage> {
  if (!/^sqlite:/i.test(uri)) return openStorage(uri);
  const { SQLiteStorage } = await import('@oauthflow/storage-sqlite');
  return new SQLiteStorage({ path: localStoreFile(uri)! });
}

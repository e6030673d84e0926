import type { Credentials, Storage } from '@oauthflow/core';
import { deleteLegacyClient, legacyClientFile, readLegacyClient } from './legacy-client-file.js';
import { note } from './output.js';
import { metaWithClient, storedClientOf, type StoredClient } from './stored-client.js';

/**
 * The client of `key` in this store: the one stored with its credentials. Credentials without
 * one (saved by an older CLI, which kept client settings in `<config dir>/clients/<key>.json`)
 * take that file's settings, once: they are written into the store — conditionally, under the
 * key's lock — and the file is deleted. Without credentials here, the file is left alone (it
 * may belong to a login in another store) but still offered, as the old CLI did.
 */
export async function loadKeyClient(
  storage: Storage,
  key: string,
  credentials: Credentials | undefined,
  storeDisplay: string,
): Promise<StoredClient | undefined> {
  const stored = storedClientOf(credentials, key);
  if (stored !== undefined) return stored;
  const legacy = await readLegacyClient(key);
  if (legacy === undefined) return undefined;
  if (credentials !== undefined) {
    // The file was per key name, shared by every store: it may be another store's login (the
    // reason settings moved into the store). An ID token naming another issuer proves it.
    const issuer = issuerOf(credentials);
    const expected = legacy.issuer ?? (/^https?:\/\//i.test(legacy.provider) ? legacy.provider : undefined);
    if (issuer !== undefined && expected !== undefined && trimSlash(issuer) !== trimSlash(expected)) {
      note(
        `oauthflow: ${legacyClientFile(key)} is for ${expected}, but the credentials of key "${key}" in ${storeDisplay} were issued by ${issuer}: not using it (log in again, or pass the client's flags)`,
      );
      return undefined;
    }
    await moveIntoStore(storage, key, legacy, storeDisplay);
  }
  return { client: legacy };
}

/** The `iss` of the credentials' ID token, if they have a readable one (not verified: only compared). */
function issuerOf(credentials: Credentials): string | undefined {
  const payload = credentials.idToken?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof claims.iss === 'string' ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Writes the old file's settings into the key's credentials, then deletes the file; a failure leaves both as they were. */
async function moveIntoStore(storage: Storage, key: string, legacy: StoredClient['client'], storeDisplay: string): Promise<void> {
  const file = legacyClientFile(key);
  try {
    const moved = await storage.withLock(key, async () => {
      const record = await storage.read(key);
      // Gone, moved by another process meanwhile, or a refresh in flight (its save must not meet a new revision): not now.
      if (record === undefined || record.refreshing !== undefined || storedClientOf(record.credentials, key) !== undefined) return false;
      await storage.save(record.credentials.with({ meta: metaWithClient(record.credentials.meta, legacy) }), key, { ifRevision: record.revision });
      return true;
    });
    if (!moved) return;
    await deleteLegacyClient(key);
    note(`oauthflow: moved the client settings of key "${key}" from ${file} into ${storeDisplay}, next to its credentials`);
  } catch (error) {
    // Read-only access, a conflict: the command goes on with the file's settings, and the move is tried next time.
    note(`oauthflow: could not move the client settings of key "${key}" from ${file} into ${storeDisplay} (${(error as Error).message}); using the file`);
  }
}

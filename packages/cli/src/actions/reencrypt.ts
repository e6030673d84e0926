import { ConfigurationError, EncryptedStorage, StorageError, type SaveOptions } from '@oauthflow/core';
import type { StoreFlags } from '../commands/options.js';
import { ENCRYPTION_KEYS_VARIABLE, encryptionKeys } from '../runtime/encryption.js';
import { emit } from '../runtime/output.js';
import { loadSettings } from '../runtime/settings.js';
import { withStore } from '../runtime/store.js';

/**
 * `oauthflow reencrypt`: seals every plaintext key of the store with the current key, then has
 * EncryptedStorage reseal every key sealed with an older one. Each write is conditional on the
 * revision it read, under the key's lock, so a refresh elsewhere is never overwritten. Keys that
 * do not open with any key given are listed and left as they are (exit code 2).
 */
export async function reencrypt(flags: StoreFlags): Promise<void> {
  const settings = await loadSettings(flags);
  const keys = encryptionKeys(settings.env);
  if (keys === undefined) {
    throw new ConfigurationError(
      `Set ${ENCRYPTION_KEYS_VARIABLE} to the key to encrypt with (e.g. "$(openssl rand -base64 32)"), followed by any older keys, comma-separated`,
    );
  }
  await withStore(settings.storeUri, { isDefault: settings.storeIsDefault, raw: true }, async (store) => {
    const raw = store.storage;
    const sealed = new EncryptedStorage(raw, { keys });
    let encrypted = 0;
    for (const key of await raw.keys()) {
      const done = await raw.withLock(key, async () => {
        const record = await raw.read(key);
        if (record === undefined || EncryptedStorage.isSealed(record.credentials)) return false;
        const options: SaveOptions = { ifRevision: record.revision };
        if (record.refreshing !== undefined) options.refreshing = record.refreshing;
        await sealed.save(record.credentials, key, options);
        return true;
      });
      if (done) encrypted += 1;
    }
    const report = await sealed.reencrypt();
    const failed = report.failed.map(({ key, error }) => ({ key, error: error.message }));
    emit(flags, { store: store.display, encrypted, reencrypted: report.reencrypted, unchanged: report.unchanged, failed }, () => [
      `${store.display}: encrypted ${encrypted} plaintext key(s), resealed ${report.reencrypted} with the current key, ${report.unchanged} already current`,
      ...failed.map(({ key, error }) => `  not done: "${key}": ${error}`),
    ]);
    if (failed.length > 0) {
      throw new StorageError(
        `${failed.length} key(s) could not be re-encrypted and were left as they were (see above); add the key they were sealed with to ${ENCRYPTION_KEYS_VARIABLE}`,
      );
    }
  });
}

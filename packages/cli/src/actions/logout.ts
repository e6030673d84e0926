import type { StoreFlags } from '../commands/options.js';
import { emit } from '../runtime/output.js';
import { loadSettings } from '../runtime/settings.js';
import { withStore } from '../runtime/store.js';

/**
 * `oauthflow logout`: forgets a login in this store — its tokens and the client settings stored
 * with them; the same key name in other stores is untouched — without a server call (use
 * `revoke` to end the grant at the server too).
 */
export async function logout(flags: StoreFlags): Promise<void> {
  const settings = await loadSettings(flags);
  const { key } = settings;
  await withStore(settings.storeUri, { isDefault: settings.storeIsDefault }, async (store) => {
    // Under the key's lock, so a refresh in flight elsewhere cannot save after the delete (its
    // save is conditional on the revision it read). Unreadable data is removed too: that is what
    // logging out is for.
    const had = await store.storage.withLock(key, async () => {
      const present = await store.storage.get(key).then(
        (credentials) => credentials !== undefined,
        () => true,
      );
      await store.storage.delete(key);
      return present;
    });
    emit(flags, { key, store: store.display, removed: had }, () =>
      had ? `Logged out: removed "${key}" from ${store.display}` : `Nothing was stored under "${key}" in ${store.display}`,
    );
  });
}

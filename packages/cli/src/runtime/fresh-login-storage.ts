import type { Storage } from '@oauthflow/core';

/**
 * The store as a new login (or a forced client-credentials renewal) must see it: the key's current credentials are hidden, so
 * `retrieveToken()` and `clientCredentials()` authorize anew instead of returning them — yet
 * they stay in the store until the new ones replace them, so a failed login loses nothing.
 */
export function freshLoginStorage(inner: Storage, key: string): Storage {
  let replaced = false;
  const storage: Storage = {
    get: async (k = 'default') => (k === key && !replaced ? undefined : inner.get(k)),
    save: async (credentials, k = 'default') => {
      await inner.save(credentials, k);
      if (k === key) replaced = true;
    },
    delete: (k) => inner.delete(k),
    keys: () => inner.keys(),
    withLock: (k, fn) => inner.withLock(k, fn),
    putPending: (state, pending, ttl) => inner.putPending(state, pending, ttl),
    takePending: (state) => inner.takePending(state),
  };
  return storage;
}

import { mkdir } from 'node:fs/promises';
import { openStorage, redact, type Storage } from '@oauthflow/core';
import { oauthflowPaths } from './paths.js';

/** An open store, and its URI as it may be shown (password hidden). */
export interface OpenStore {
  storage: Storage;
  /** The URI without its password, for messages and `status`. */
  display: string;
  close(): Promise<void>;
}

/**
 * Opens the store a URI names (through core's `openStorage`: the adapter package of the scheme
 * loads only now). The default store's directory is created (mode 0700); a directory in a URI
 * the user gave is not, so a typo fails instead of scattering stores.
 */
export async function openStore(uri: string, options: { isDefault?: boolean } = {}): Promise<OpenStore> {
  if (options.isDefault) await mkdir(oauthflowPaths().data, { recursive: true, mode: 0o700 });
  const storage = await openStorage(uri);
  let closed = false;
  return {
    storage,
    display: displayUri(uri),
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
export async function withStore<T>(uri: string, options: { isDefault?: boolean }, fn: (store: OpenStore) => Promise<T>): Promise<T> {
  const store = await openStore(uri, options);
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}

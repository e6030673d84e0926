import type { Credentials, OAuth2AuthorizationFlow } from '@oauthflow/core';
import type { ClientFlags, StoreFlags } from '../commands/options.js';
import { createFlow, explainClientError, requireSecret } from './flow.js';
import { resolveClient, type ResolvedClient } from './resolve-client.js';
import { readSavedClient, type SavedClient } from './saved-clients.js';
import { readClientSecretsFile, type ClientSecretsFile } from './client-secrets-file.js';
import { clientInput, loadSettings, type Settings } from './settings.js';
import { explainStoreError, openStore, type OpenStore } from './store.js';

/** What a command after login works with: the settings, the open store, and the key's client. */
export interface Session {
  settings: Settings;
  store: OpenStore;
  key: string;
  /** The client saved by the key's login, if any. */
  saved: SavedClient | undefined;
  /** The key's client (saved, or from flags/env/config); resolved on first use. */
  client(): Promise<ResolvedClient>;
  /** A flow for the key's client over the open store; fails early when a stale token needs a secret that was not given. */
  flow(): Promise<OAuth2AuthorizationFlow>;
  /** The stored credentials of the key, or undefined. */
  stored(): Promise<Credentials | undefined>;
}

/**
 * Opens the store of a command, runs `fn`, and closes the store however it ends. Errors about a
 * missing client secret are explained (see explainClientError).
 */
export async function withSession<T>(flags: StoreFlags & ClientFlags, fn: (session: Session) => Promise<T>): Promise<T> {
  const settings = await loadSettings(flags);
  const saved = await readSavedClient(settings.key);
  const store = await openStore(settings.storeUri, { isDefault: settings.storeIsDefault });
  let resolved: Promise<ResolvedClient> | undefined;
  let resolvedClient: ResolvedClient | undefined;
  const client = () => {
    resolved ??= savedClientFile(saved)
      .then((file) => resolveClient(clientInput(settings, flags, saved, 'use', file), { key: settings.key }))
      .then((value) => (resolvedClient = value));
    return resolved;
  };
  const session: Session = {
    settings,
    store,
    key: settings.key,
    saved,
    client,
    flow: async () => {
      const resolvedNow = await client();
      // A stale token will need the token endpoint: say so now if the secret is missing.
      const current = await store.storage.get(settings.key);
      if (current !== undefined && current.needsRefresh()) requireSecret(resolvedNow, settings.key);
      return createFlow(resolvedNow, store.storage, settings.key);
    },
    stored: () => store.storage.get(settings.key),
  };
  try {
    return await fn(session);
  } catch (error) {
    throw await explainStoreError(explainClientError(error, resolvedClient, settings.key), settings.storeUri);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/** The client file the key's login used, read again for its secret (oauthflow keeps the path, not the secret). */
async function savedClientFile(saved: SavedClient | undefined): Promise<ClientSecretsFile | undefined> {
  return saved?.clientSecretsFile === undefined ? undefined : readClientSecretsFile(saved.clientSecretsFile);
}

import type { Credentials, OAuth2AuthorizationFlow } from '@oauthflow/core';
import type { ClientFlags, StoreFlags } from '../commands/options.js';
import { createFlow, explainClientError, requireSecret } from './flow.js';
import { loadKeyClient } from './key-client.js';
import { resolveClient, type ResolvedClient } from './resolve-client.js';
import { readClientSecretsFile, type ClientSecretsFile } from './client-secrets-file.js';
import { clientInput, loadSettings, type Settings } from './settings.js';
import type { StoredClient } from './stored-client.js';
import { explainStoreError, openStore, type OpenStore } from './store.js';

/** What a command after login works with: the settings, the open store, and the key's client. */
export interface Session {
  settings: Settings;
  store: OpenStore;
  key: string;
  /** The key's client (stored with its credentials, or from flags/env/config); resolved on first use. */
  client(): Promise<ResolvedClient>;
  /** A flow for the key's client over the open store; fails early when a stale token needs a secret that was not given. */
  flow(): Promise<OAuth2AuthorizationFlow>;
  /** The stored credentials of the key, or undefined. */
  stored(): Promise<Credentials | undefined>;
}

/**
 * Opens the store of a command, reads the key's credentials and the client stored with them,
 * runs `fn`, and closes the store however it ends. Errors about a missing client secret are
 * explained (see explainClientError).
 */
export async function withSession<T>(flags: StoreFlags & ClientFlags, fn: (session: Session) => Promise<T>): Promise<T> {
  const settings = await loadSettings(flags);
  const store = await openStore(settings.storeUri, { isDefault: settings.storeIsDefault });
  let resolvedClient: ResolvedClient | undefined;
  try {
    let resolved: Promise<ResolvedClient> | undefined;
    const client = () => {
      resolved ??= (async () => {
        const saved = await loadKeyClient(store.storage, settings.key, await store.storage.get(settings.key), store.display);
        const file = await savedClientFile(saved);
        return (resolvedClient = await resolveClient(clientInput(settings, flags, saved, 'use', file), { key: settings.key }));
      })();
      return resolved;
    };
    const session: Session = {
      settings,
      store,
      key: settings.key,
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
    return await fn(session);
  } catch (error) {
    throw await explainStoreError(explainClientError(error, resolvedClient, settings.key), settings.storeUri);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/**
 * The client file the key's login used, read again for its secret when none is stored with the
 * key (login --no-save-secret, or an older login).
 */
async function savedClientFile(saved: StoredClient | undefined): Promise<ClientSecretsFile | undefined> {
  const path = saved?.client.clientSecretsFile;
  return path === undefined || saved?.secret !== undefined ? undefined : readClientSecretsFile(path);
}

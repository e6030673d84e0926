import { NoCredentialsError, type Credentials } from '@oauthflow/core';
import type { StatusFlags } from '../commands/status.js';
import { describeCredentials, fitTable, relativeTime, tokenState } from '../runtime/format.js';
import { emit } from '../runtime/output.js';
import { loadKeyClient } from '../runtime/key-client.js';
import { loadSettings } from '../runtime/settings.js';
import type { StoredClient } from '../runtime/stored-client.js';
import { withStore } from '../runtime/store.js';

/** One stored login, as status shows it. */
export interface Entry {
  key: string;
  credentials: Credentials;
  /** The client stored with the credentials (its secret is never shown). */
  stored: StoredClient | undefined;
}

/**
 * `oauthflow status`: every key in the store (or only --key), with expiry, scopes and the
 * client it belongs to. Tokens only with --show-token, and then only the access token. With
 * --check, asks the server about each grant (see status-check.ts).
 */
export async function status(flags: StatusFlags): Promise<void> {
  const settings = await loadSettings(flags);
  const onlyKey = flags.key !== undefined || settings.env['OAUTHFLOW_KEY'] ? settings.key : undefined;
  await withStore(settings.storeUri, { isDefault: settings.storeIsDefault }, async (store) => {
    const keys = onlyKey === undefined ? (await store.storage.keys()).sort() : [onlyKey];
    const entries: Entry[] = [];
    for (const key of keys) {
      const credentials = await store.storage.get(key);
      if (credentials === undefined) {
        if (onlyKey !== undefined) throw new NoCredentialsError(`No credentials are stored under "${key}" in ${store.display}`, key);
        continue;
      }
      entries.push({ key, credentials, stored: await loadKeyClient(store.storage, key, credentials, store.display) });
    }
    const json = {
      store: store.display,
      keys: entries.map(({ key, credentials, stored }) => ({
        key,
        ...describeCredentials(credentials),
        provider: stored?.client.provider ?? null,
        clientId: stored?.client.clientId ?? null,
        grant: stored?.client.grant ?? null,
        ...(flags.showToken ? { accessToken: credentials.accessToken } : {}),
      })),
    };
    if (flags.check) {
      const { checkEntries } = await import('./status-check.js');
      await checkEntries(flags, settings, store.display, entries, json);
      return;
    }
    emit(flags, json, () => text(store.display, entries, flags.showToken === true));
  });
}

function text(store: string, entries: readonly Entry[], showToken: boolean): string[] {
  if (entries.length === 0) return [`Store: ${store}`, 'No credentials stored. Log in with: oauthflow login'];
  const rows = entries.map(({ key, credentials, stored }) => [
    key,
    tokenState(credentials),
    credentials.expiresAt ? relativeTime(credentials.expiresAt) : '-',
    // A refresh token that expires (Google's for apps in testing: 7 days) says when.
    credentials.refreshToken ? (credentials.refreshTokenExpiresAt ? relativeTime(credentials.refreshTokenExpiresAt) : 'yes') : 'no',
    credentials.scope?.join(' ') || '-',
    stored ? `${stored.client.clientId} (${providerName(stored.client.provider)})` : '-',
  ]);
  // 80 columns unless the terminal says otherwise; scopes and client give way, never the key (all of it is in --json).
  const width = process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : 80;
  const lines = [`Store: ${store}`, ...fitTable([['KEY', 'STATE', 'EXPIRES', 'REFRESH', 'SCOPES', 'CLIENT'], ...rows], width, [4, 5])];
  if (showToken) lines.push('', ...entries.map(({ key, credentials }) => `${key}: ${credentials.accessToken}`));
  return lines;
}

/** `google`, or an issuer URL's host (with its path when it has one): short enough for the table. */
function providerName(provider: string): string {
  try {
    const url = new URL(provider);
    return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return provider;
  }
}

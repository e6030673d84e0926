import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@oauthflow/core';
import { oauthflowPaths } from './paths.js';
import type { SavedClient } from './stored-client.js';

/**
 * Client settings as CLI versions before the store kept them saved them: one file per key name,
 * `<config dir>/clients/<key>.json`, whatever the store (so two stores with one key name shared
 * it). Only read, to move them into the store (see key-client.ts), then deleted.
 */
export function legacyClientFile(key: string): string {
  const encoded = encodeURIComponent(key);
  const name = encoded.length <= 120 ? encoded : createHash('sha256').update(key).digest('hex');
  return join(oauthflowPaths().config, 'clients', `${name}.json`);
}

/** The old saved client of `key`, or undefined. */
export async function readLegacyClient(key: string): Promise<SavedClient | undefined> {
  const file = legacyClientFile(key);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigurationError(`Cannot read the saved client settings ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as Partial<SavedClient>;
    if (json.version === 1 && typeof json.clientId === 'string' && typeof json.tokenUri === 'string' && typeof json.authUri === 'string') {
      return json as SavedClient;
    }
  } catch {
    // fall through: reported below
  }
  throw new ConfigurationError(`The saved client settings ${file} are unreadable; delete the file and log in again`);
}

/** Deletes the old file of `key`; a missing one is not an error. */
export async function deleteLegacyClient(key: string): Promise<void> {
  await rm(legacyClientFile(key), { force: true });
}

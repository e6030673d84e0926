import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@oauthflow/core';
import { oauthflowPaths } from './paths.js';

/** How a key's credentials were obtained, so later commands renew them the same way. */
export type Grant = 'authorization_code' | 'device_code' | 'client_credentials';

/**
 * The client a key was logged in with, saved by `login` so that token, refresh, revoke and
 * request know where to go. Never holds the client secret: `confidential` only records that one
 * is needed, so a missing secret is reported as such.
 */
export interface SavedClient {
  version: 1;
  /** `google`, the issuer URL, or `custom` for hand-given endpoints. */
  provider: string;
  issuer?: string;
  /**
   * Set when the issuer came from discovery: the login then refuses redirects naming another
   * issuer, and, when true, redirects naming none (RFC 9207).
   */
  issuerInResponse?: boolean;
  clientId: string;
  confidential: boolean;
  authUri: string;
  tokenUri: string;
  revokeUri?: string;
  deviceUri?: string;
  scope: string[];
  redirectUri: string;
  /** Extra authorization parameters of the provider preset (Google's access_type=offline). */
  extraAuth: Record<string, string>;
  grant: Grant;
  /** Google's downloaded client file the login used: later commands read the secret from it again. */
  clientSecretsFile?: string;
  savedAt: string;
}

/** One file per key (no lost update when two logins run at once), under `<config dir>/clients/`. */
function fileOf(key: string): { dir: string; file: string } {
  const dir = join(oauthflowPaths().config, 'clients');
  const encoded = encodeURIComponent(key);
  const name = encoded.length <= 120 ? encoded : createHash('sha256').update(key).digest('hex');
  return { dir, file: join(dir, `${name}.json`) };
}

/** The client saved for `key`, or undefined. */
export async function readSavedClient(key: string): Promise<SavedClient | undefined> {
  const { file } = fileOf(key);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigurationError(`Cannot read the saved client settings ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const json = JSON.parse(text) as Partial<SavedClient>;
    if (json.version === 1 && typeof json.clientId === 'string' && typeof json.tokenUri === 'string') return json as SavedClient;
  } catch {
    // fall through: reported below
  }
  throw new ConfigurationError(`The saved client settings ${file} are unreadable; delete the file and log in again`);
}

/** Saves the client of `key` (mode 0600, replaced atomically). */
export async function saveClient(key: string, client: SavedClient): Promise<void> {
  const { dir, file } = fileOf(key);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(client, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/** Forgets the client of `key`; a missing one is not an error. */
export async function deleteSavedClient(key: string): Promise<void> {
  await rm(fileOf(key).file, { force: true });
}

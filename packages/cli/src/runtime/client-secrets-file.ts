import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigurationError } from '@oauthflow/core';

/** What Google's downloaded client file (`client_secret_….json`) gives a login. */
export interface ClientSecretsFile {
  /** The file's absolute path: login saves it, so later commands read the secret from it again. */
  path: string;
  type: 'installed' | 'web';
  clientId: string;
  clientSecret?: string;
  authUri?: string;
  tokenUri?: string;
  /** The registered redirect URIs; a web client must use one of them exactly. */
  redirectUris: string[];
}

/**
 * Reads a client file as the Google Cloud console downloads it: `{"installed": {…}}` for a
 * desktop app, `{"web": {…}}` for a web application, each with `client_id`, `client_secret`,
 * `auth_uri`, `token_uri` and `redirect_uris`.
 * @throws {ConfigurationError} naming the file, for a missing file, bad JSON or another shape
 */
export async function readClientSecretsFile(file: string): Promise<ClientSecretsFile> {
  const path = resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(code ? `Cannot read the client secrets file ${path}: ${code}` : `The client secrets file ${path} is not valid JSON`);
  }
  const top = isRecord(json) ? json : {};
  const type = isRecord(top['installed']) ? 'installed' : isRecord(top['web']) ? 'web' : undefined;
  const client = type === undefined ? undefined : (top[type] as Record<string, unknown>);
  if (type === undefined || client === undefined || typeof client['client_id'] !== 'string' || client['client_id'] === '') {
    throw new ConfigurationError(
      `The client secrets file ${path} is not a Google client file: expected {"installed": {"client_id": …}} or {"web": {…}} (download it from the Google Cloud console, APIs & Services › Credentials)`,
    );
  }
  const text = (name: string) => (typeof client[name] === 'string' && client[name] !== '' ? client[name] : undefined);
  const clientSecret = text('client_secret');
  const authUri = text('auth_uri');
  const tokenUri = text('token_uri');
  return {
    path,
    type,
    clientId: client['client_id'],
    ...(clientSecret ? { clientSecret } : {}),
    ...(authUri ? { authUri } : {}),
    ...(tokenUri ? { tokenUri } : {}),
    redirectUris: Array.isArray(client['redirect_uris']) ? client['redirect_uris'].filter((uri): uri is string => typeof uri === 'string') : [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

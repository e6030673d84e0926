import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '@oauthflow/core';
import { oauthflowPaths } from './paths.js';

/** Client settings that a config file may give, for every key or for one key. */
export interface ConfigClient {
  provider?: string;
  issuer?: string;
  clientId?: string;
  /** Allowed, because the user wrote it there; prefer OAUTHFLOW_CLIENT_SECRET. */
  clientSecret?: string;
  scope?: string | string[];
  redirectUri?: string;
  authUri?: string;
  tokenUri?: string;
  revokeUri?: string;
  deviceUri?: string;
}

/** The JSON config file: defaults for every command, plus per-key client settings under `keys`. */
export interface ConfigFile extends ConfigClient {
  store?: string;
  key?: string;
  keys?: Record<string, ConfigClient>;
}

/** A config file and where it was read from. */
export interface LoadedConfig {
  path: string;
  config: ConfigFile;
}

const CLIENT_FIELDS = ['provider', 'issuer', 'clientId', 'clientSecret', 'redirectUri', 'authUri', 'tokenUri', 'revokeUri', 'deviceUri'] as const;

/**
 * Reads the config file: `explicitPath` (--config or OAUTHFLOW_CONFIG), which must exist, or the
 * default `<config dir>/config.json`, which may not.
 * @throws {ConfigurationError} for unreadable JSON, unknown fields or wrong types (naming the file)
 */
export async function readConfigFile(explicitPath: string | undefined): Promise<LoadedConfig> {
  const path = explicitPath ?? join(oauthflowPaths().config, 'config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (explicitPath === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return { path, config: {} };
    throw new ConfigurationError(`Cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`The config file ${path} is not valid JSON`);
  }
  return { path, config: checkConfig(json, path) };
}

function checkConfig(json: unknown, path: string): ConfigFile {
  const top = checkClient(json, path, ['store', 'key', 'keys']) as ConfigFile;
  for (const field of ['store', 'key'] as const) checkString(top[field], `${path}: "${field}"`);
  if (top.keys !== undefined) {
    if (!isRecord(top.keys)) throw new ConfigurationError(`${path}: "keys" must be an object of key name → client settings`);
    for (const [key, client] of Object.entries(top.keys)) checkClient(client, `${path}: keys.${key}`, []);
  }
  return top;
}

function checkClient(json: unknown, where: string, extraFields: readonly string[]): ConfigClient {
  if (!isRecord(json)) throw new ConfigurationError(`${where} must be a JSON object`);
  const allowed = new Set<string>([...CLIENT_FIELDS, 'scope', ...extraFields]);
  for (const field of Object.keys(json)) {
    if (!allowed.has(field)) throw new ConfigurationError(`${where}: unknown field "${field}" (known: ${[...allowed].join(', ')})`);
  }
  for (const field of CLIENT_FIELDS) checkString(json[field], `${where}: "${field}"`);
  const scope = json['scope'];
  if (scope !== undefined && typeof scope !== 'string' && !(Array.isArray(scope) && scope.every((s) => typeof s === 'string'))) {
    throw new ConfigurationError(`${where}: "scope" must be a string or a list of strings`);
  }
  return json as ConfigClient;
}

function checkString(value: unknown, where: string): void {
  if (value !== undefined && (typeof value !== 'string' || value === '')) throw new ConfigurationError(`${where} must be a non-empty string`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

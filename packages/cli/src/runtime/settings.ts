import { join } from 'node:path';
import type { ClientFlags, StoreFlags } from '../commands/options.js';
import { readConfigFile, type ConfigClient, type LoadedConfig } from './config-file.js';
import { oauthflowPaths } from './paths.js';
import type { ClientSecretsFile } from './client-secrets-file.js';
import type { Grant, SavedClient, StoredClient } from './stored-client.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where a command's credentials are and which key it works on. */
export interface Settings {
  env: Env;
  config: LoadedConfig;
  /** The store URI: --store, OAUTHFLOW_STORE, the config file's `store`, or the default. */
  storeUri: string;
  /** True for the default SQLite store in the data directory (whose directory we create). */
  storeIsDefault: boolean;
  /** --key, OAUTHFLOW_KEY, the config file's `key`, or `default`. */
  key: string;
}

/** A client's settings as far as the sources give them; {@link resolveClient} fills in the rest. */
export interface ClientInput extends ClientFlags {
  extraAuth?: Record<string, string>;
  grant?: Grant;
  confidential?: boolean;
  /** Where the client id came from (`--client-id`, `OAUTHFLOW_CLIENT_ID`, …), for messages. */
  clientIdFrom?: string;
  /** Where the client secret came from, for messages; never the secret itself. */
  secretFrom?: string;
  /** Secrets that were given but not used for this client, and why (for messages). */
  secretsNotUsed?: string[];
}

/** One source of client settings, with the words that name it in messages. */
interface Layer {
  values: ClientInput;
  /** How messages name a field of this source, e.g. `--client-id` or `"clientId" in ~/.config/oauthflow/config.json`. */
  name(field: 'clientId' | 'clientSecret'): string;
  /** Secrets of this source apply to any client unless they name theirs (env, top of the config file). */
  shared?: boolean;
  /** The secret of this source belongs to the client id next to it, and to no other (a client file). */
  paired?: boolean;
}

/** Reads the config file and settles the store and the key. */
export async function loadSettings(flags: StoreFlags, env: Env = process.env): Promise<Settings> {
  const config = await readConfigFile(flags.config ?? nonEmpty(env['OAUTHFLOW_CONFIG']));
  const explicitStore = flags.store ?? nonEmpty(env['OAUTHFLOW_STORE']) ?? config.config.store;
  return {
    env,
    config,
    storeUri: explicitStore ?? defaultStoreUri(),
    storeIsDefault: explicitStore === undefined,
    key: flags.key ?? nonEmpty(env['OAUTHFLOW_KEY']) ?? config.config.key ?? 'default',
  };
}
/** `sqlite:<data dir>/tokens.db`. */
export function defaultStoreUri(): string {
  return `sqlite:${join(oauthflowPaths().data, 'tokens.db')}`;
}

/**
 * The client settings of a command, by precedence.
 *
 * - `login`: flags, then environment, then the config file (`keys.<key>`, then top level), then
 *   the client stored with the key's credentials (only when nothing above names another provider).
 * - every other command: the client stored with the key's credentials (its tokens were issued to
 *   that client), unless the flags name another provider; without one, the same sources as login.
 *
 * The secret comes from `--client-secret`, the config file's `keys.<key>`, the client stored with
 * the key, or `OAUTHFLOW_CLIENT_SECRET` and the config file's top level. Those two are shared by
 * every key, so they are used only for the client they were given for: at login, unless
 * OAUTHFLOW_CLIENT_ID (or the top-level `clientId`) names another client; after login, only when
 * it names the key's client — a secret is never sent to a server it may not belong to. A key
 * whose client logged in as a public one is sent no shared secret.
 */
export function clientInput(
  settings: Settings,
  flags: ClientFlags,
  stored: StoredClient | undefined,
  purpose: 'login' | 'use',
  file?: ClientSecretsFile,
): ClientInput {
  const { provider, clientId, clientSecret, scope, redirectUri, authUri, tokenUri, revokeUri, deviceUri } = flags;
  const configPath = settings.config.path;
  const flagNames = { clientId: '--client-id', clientSecret: '--client-secret' };
  const fromFlags: Layer = {
    values: definedOnly<ClientInput>({ provider, clientId, clientSecret, scope, redirectUri, authUri, tokenUri, revokeUri, deviceUri }),
    name: (field) => flagNames[field],
  };
  const envNames = { clientId: 'OAUTHFLOW_CLIENT_ID', clientSecret: 'OAUTHFLOW_CLIENT_SECRET' };
  const env: Layer = { values: fromEnv(settings.env), name: (field) => envNames[field], shared: true };
  const perKey: Layer = {
    values: fromConfig(settings.config.config.keys?.[settings.key]),
    name: (field) => `"keys.${settings.key}.${field}" in ${configPath}`,
  };
  const top: Layer = { values: fromConfig(settings.config.config), name: (field) => `"${field}" in ${configPath}`, shared: true };
  const fileLayer: Layer[] =
    file === undefined
      ? []
      : [
          {
            values: fromClientFile(file),
            name: (field) => `"${field === 'clientId' ? 'client_id' : 'client_secret'}" in the client secrets file ${file.path}`,
            paired: true,
          },
        ];
  const configured = [fromFlags, ...fileLayer, env, perKey, top];
  const saved = stored?.client;
  const savedLayer: Layer | undefined =
    saved === undefined
      ? undefined
      : {
          values: { ...fromSaved(saved), ...(stored?.secret === undefined ? {} : { clientSecret: stored.secret }) },
          name: (field) =>
            field === 'clientId' ? `the client settings stored with key "${settings.key}"` : `the client secret stored with key "${settings.key}"`,
          // The stored secret belongs to the stored client: a login with another client id does not send it.
          paired: true,
        };
  let layers: Layer[];
  if (purpose === 'use' && savedLayer !== undefined && (fromFlags.values.provider === undefined || fromFlags.values.provider === savedLayer.values.provider)) {
    layers = [fromFlags, savedLayer];
  } else {
    const named = configured.find((layer) => layer.values.provider !== undefined || layer.values.tokenUri !== undefined);
    const sameProvider = named === undefined || (savedLayer !== undefined && named.values.provider === savedLayer.values.provider);
    layers =
      savedLayer !== undefined && sameProvider
        ? [...configured, purpose === 'login' ? { ...savedLayer, values: forLogin(savedLayer.values) } : savedLayer]
        : configured;
  }
  const savedInUse = layers.find((layer) => !configured.includes(layer) && layer !== fromFlags);
  const merged: ClientInput = {};
  for (const { values } of layers) {
    for (const [field, value] of Object.entries(values) as [keyof ClientInput, unknown][]) {
      if (merged[field] === undefined && value !== undefined) (merged as Record<string, unknown>)[field] = value;
    }
  }
  const idLayer = layers.find((layer) => layer.values.clientId !== undefined);
  if (idLayer !== undefined) merged.clientIdFrom = idLayer.name('clientId');
  // A new login decides these afresh: the grant from its flags, confidentiality from the secret.
  if (purpose === 'login') {
    delete merged.grant;
    delete merged.confidential;
  }
  delete merged.clientSecret;
  const publicClient = purpose === 'use' && savedInUse !== undefined && saved?.confidential === false;
  const notUsed: string[] = [];
  // The stored secret after the explicit sources (flags, a client file, env, keys.<key>): they override it per call.
  const secretLayers = savedInUse === undefined ? configured : [...configured, savedInUse];
  for (const layer of secretLayers) {
    const secret = layer.values.clientSecret;
    if (secret === undefined) continue;
    if (layer.shared || layer.paired) {
      const pairedId = layer.values.clientId;
      if (pairedId !== undefined && pairedId !== merged.clientId) {
        notUsed.push(`${layer.name('clientSecret')} is for client "${pairedId}" (${layer.name('clientId')}), not "${merged.clientId ?? '?'}"`);
        continue;
      }
      if (layer.shared && publicClient) {
        notUsed.push(`${layer.name('clientSecret')} is not sent: key "${settings.key}" logged in with a public client`);
        continue;
      }
      if (layer.shared && purpose === 'use' && pairedId === undefined) {
        notUsed.push(`${layer.name('clientSecret')} is used after login only with ${layer.name('clientId')} naming the key's client`);
        continue;
      }
    }
    merged.clientSecret = secret;
    merged.secretFrom = layer.name('clientSecret');
    break;
  }
  if (notUsed.length > 0) merged.secretsNotUsed = notUsed;
  return merged;
}

/** Google's client file: the Google provider (unless a flag names another), its client, secret and endpoints. */
function fromClientFile(file: ClientSecretsFile): ClientInput {
  return definedOnly<ClientInput>({
    provider: 'google',
    clientId: file.clientId,
    clientSecret: file.clientSecret,
    authUri: file.authUri,
    tokenUri: file.tokenUri,
    // A web client must use a registered redirect URI exactly; an installed one any loopback port.
    redirectUri: file.type === 'web' ? file.redirectUris[0] : undefined,
    clientSecretsFile: file.path,
  });
}

function fromEnv(env: Env): ClientInput {
  const scope = nonEmpty(env['OAUTHFLOW_SCOPE']);
  return definedOnly<ClientInput>({
    provider: nonEmpty(env['OAUTHFLOW_PROVIDER']) ?? nonEmpty(env['OAUTHFLOW_ISSUER']),
    clientId: nonEmpty(env['OAUTHFLOW_CLIENT_ID']),
    clientSecret: nonEmpty(env['OAUTHFLOW_CLIENT_SECRET']),
    scope: scope === undefined ? undefined : splitScope(scope),
    redirectUri: nonEmpty(env['OAUTHFLOW_REDIRECT_URI']),
    authUri: nonEmpty(env['OAUTHFLOW_AUTH_URI']),
    tokenUri: nonEmpty(env['OAUTHFLOW_TOKEN_URI']),
    revokeUri: nonEmpty(env['OAUTHFLOW_REVOKE_URI']),
    deviceUri: nonEmpty(env['OAUTHFLOW_DEVICE_URI']),
  });
}

function fromConfig(config: ConfigClient | undefined): ClientInput {
  if (config === undefined) return {};
  const { provider, issuer, clientId, clientSecret, scope, redirectUri, authUri, tokenUri, revokeUri, deviceUri } = config;
  return definedOnly<ClientInput>({
    provider: provider ?? issuer,
    clientId,
    clientSecret,
    redirectUri,
    authUri,
    tokenUri,
    revokeUri,
    deviceUri,
    scope: scope === undefined ? undefined : typeof scope === 'string' ? splitScope(scope) : [...scope],
  });
}

/** What a new login takes from the last one: endpoints only when they were given by hand (discovery and presets run again). */
function forLogin(saved: ClientInput): ClientInput {
  if (saved.provider === 'custom') return saved;
  const { authUri: _auth, tokenUri: _token, revokeUri: _revoke, deviceUri: _device, ...rest } = saved;
  return rest;
}

function fromSaved(saved: SavedClient): ClientInput {
  const { provider, clientId, scope, redirectUri, authUri, tokenUri, revokeUri, deviceUri, extraAuth, grant, confidential, clientSecretsFile } = saved;
  return definedOnly<ClientInput>({
    provider,
    clientId,
    scope,
    redirectUri,
    authUri,
    tokenUri,
    revokeUri,
    deviceUri,
    extraAuth,
    grant,
    confidential,
    clientSecretsFile,
  });
}

/** Scopes from one string: space- or comma-separated. */
export function splitScope(scope: string): string[] {
  return scope.split(/[\s,]+/).filter(Boolean);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function definedOnly<T extends object>(value: { [K in keyof T]?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../errors.js';
import { FileStorage } from './file-storage.js';
import { installCommand, nativeAddonProblem, rebuildCommand } from './install-hint.js';
import { MemoryStorage } from './memory-storage.js';
import { redact } from './redact.js';
import type { Storage } from './storage.js';

/** Loads a module by name; `import()` unless a test substitutes it. */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

interface Adapter {
  /** The npm package that holds the adapter: an optional peer dependency of @oauthflow/core. */
  packageName: string;
  className: string;
  /** The options its constructor takes, from the URI. */
  options(uri: string, rest: string): Record<string, unknown>;
}

const ADAPTERS: Record<string, Adapter> = {
  sqlite: { packageName: '@oauthflow/storage-sqlite', className: 'SQLiteStorage', options: (uri, rest) => ({ path: sqlitePath(uri, rest) }) },
  redis: { packageName: '@oauthflow/storage-redis', className: 'RedisStorage', options: serverOptions },
  rediss: { packageName: '@oauthflow/storage-redis', className: 'RedisStorage', options: serverOptions },
  'redis+cluster': { packageName: '@oauthflow/storage-redis', className: 'RedisStorage', options: clusterOptions },
  'rediss+cluster': { packageName: '@oauthflow/storage-redis', className: 'RedisStorage', options: clusterOptions },
  postgres: { packageName: '@oauthflow/storage-postgres', className: 'PostgresStorage', options: serverOptions },
  postgresql: { packageName: '@oauthflow/storage-postgres', className: 'PostgresStorage', options: serverOptions },
};

/**
 * Opens the storage a URI names. The adapter package of a scheme is imported only when that
 * scheme is used, so an application installs only the backend it needs.
 *
 * | URI | Storage | package |
 * | --- | --- | --- |
 * | `memory:` | {@link MemoryStorage} | `@oauthflow/core` |
 * | `file:./tokens.json`, `file:///abs/tokens.json` | {@link FileStorage} | `@oauthflow/core` |
 * | `sqlite:./oauthflow.db` | `SQLiteStorage` | `@oauthflow/storage-sqlite` |
 * | `redis://[:password@]host[:port][/db][?namespace=app]`, `rediss://…` | `RedisStorage` | `@oauthflow/storage-redis` |
 * | `redis+cluster://[:password@]host1:port1,host2:port2[?namespace=app]`, `rediss+cluster://…` (Redis Cluster) | `RedisStorage` | `@oauthflow/storage-redis` |
 * | `postgres://user@host/db[?namespace=app&table=tokens]`, `postgresql://…` | `PostgresStorage` | `@oauthflow/storage-postgres` |
 *
 * @throws {ConfigurationError} for an unknown scheme, or when the scheme's adapter package is not
 * installed (the message names the install command: `npm install --global` when this copy of core
 * is part of a global install) or its native addon is not built (the message names the rebuild).
 * No message contains a URI's password.
 * @example
 * const storage = await openStorage(process.env.OAUTHFLOW_STORE ?? 'sqlite:./oauthflow.db');
 */
export function openStorage(uri: string): Promise<Storage> {
  return openStorageWith(uri, (specifier) => import(specifier) as Promise<Record<string, unknown>>);
}

/** {@link openStorage} with a substitute module loader, for tests. */
export async function openStorageWith(uri: string, importer: ModuleImporter): Promise<Storage> {
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/is.exec(uri);
  const scheme = match?.[1]?.toLowerCase();
  const rest = match?.[2] ?? '';
  if (scheme === 'memory') return new MemoryStorage();
  if (scheme === 'file') return new FileStorage(filePath(uri, rest));
  const adapter = scheme === undefined ? undefined : ADAPTERS[scheme];
  if (adapter === undefined) {
    throw new ConfigurationError(
      `Unknown storage URI ${JSON.stringify(redact(uri))}: use memory:, file:<path>, sqlite:<path>, redis://, rediss://, redis+cluster://, rediss+cluster://, postgres:// or postgresql://`,
    );
  }
  const Adapter = await loadAdapter(adapter, scheme!, importer);
  return new Adapter(adapter.options(uri, rest));
}

type AdapterClass = new (options: Record<string, unknown>) => Storage;

async function loadAdapter(adapter: Adapter, scheme: string, importer: ModuleImporter): Promise<AdapterClass> {
  const install = installCommand(adapter.packageName);
  let module: Record<string, unknown>;
  try {
    module = await importer(adapter.packageName);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const native = nativeAddonProblem(message);
    if (native !== undefined) {
      throw new ConfigurationError(`${adapter.packageName} cannot load: ${native.problem}. Build it: ${rebuildCommand(native.addon)}`, { cause: error });
    }
    if (message.includes(adapter.packageName)) {
      throw new ConfigurationError(`Storage URIs with ${scheme}: need the ${adapter.packageName} package: ${install}`, { cause: error });
    }
    throw new ConfigurationError(`${adapter.packageName} failed to load (${firstLine(message)}); reinstall it: ${install}`, { cause: error });
  }
  const Adapter = module[adapter.className];
  if (typeof Adapter !== 'function') {
    throw new ConfigurationError(`${adapter.packageName} does not export ${adapter.className}; install a version that matches @oauthflow/core: ${install}`);
  }
  return Adapter as AdapterClass;
}

/** A loader's message up to its first line break, at most 300 characters (some list every path they tried). */
function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? message;
  return line.length <= 300 ? line : `${line.slice(0, 300)}…`;
}

function filePath(uri: string, rest: string): string {
  const path = rest.startsWith('//') ? fileURLToPath(uri) : decodeURIComponent(rest);
  if (path === '') throw new ConfigurationError('A file: storage URI needs a path, e.g. file:./tokens.json');
  return path;
}

function sqlitePath(uri: string, rest: string): string {
  // sqlite:./a.db, sqlite:/abs/a.db, and Keyv's spellings sqlite://./a.db and sqlite:///abs/a.db
  const path = decodeURIComponent(rest.startsWith('//') ? rest.slice(2) : rest);
  if (path === '') throw new ConfigurationError(`A sqlite: storage URI needs a path, e.g. sqlite:./oauthflow.db (got ${JSON.stringify(uri)})`);
  return path;
}

/** `?namespace=` and `?table=` are ours; every other part of the URL goes to the driver. */
function serverOptions(uri: string): Record<string, unknown> {
  const url = new URL(uri);
  const options: Record<string, unknown> = {};
  for (const name of ['namespace', 'table']) {
    const value = url.searchParams.get(name);
    if (value !== null) options[name] = value;
    url.searchParams.delete(name);
  }
  options['url'] = url.search === '' && !uri.includes('?') ? uri : url.toString();
  return options;
}

/**
 * `?namespace=` is ours; the rest of a cluster URL (several hosts, which `URL` cannot parse) goes to
 * RedisStorage as it is.
 */
function clusterOptions(uri: string): Record<string, unknown> {
  const at = uri.indexOf('?');
  if (at < 0) return { url: uri };
  const params = new URLSearchParams(uri.slice(at + 1));
  const namespace = params.get('namespace');
  params.delete('namespace');
  const rest = params.toString();
  return { url: uri.slice(0, at) + (rest === '' ? '' : `?${rest}`), ...(namespace === null ? {} : { namespace }) };
}

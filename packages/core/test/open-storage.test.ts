import { ConfigurationError, FileStorage, MemoryStorage, type Storage } from '@oauthflow/core';
import { describe, expect, it } from 'vitest';
import { installCommand } from '../src/storage/install-hint.js';
import { openStorageWith, type ModuleImporter } from '../src/storage/open-storage.js';

/** An importer whose adapter classes just record the options they were given. */
function fakeAdapters(): { importer: ModuleImporter; seen: Array<{ specifier: string; options: unknown }> } {
  const seen: Array<{ specifier: string; options: unknown }> = [];
  const importer: ModuleImporter = async (specifier) => {
    const Fake = class {
      constructor(options: unknown) {
        seen.push({ specifier, options });
      }
    };
    return { SQLiteStorage: Fake, RedisStorage: Fake, PostgresStorage: Fake };
  };
  return { importer, seen };
}

const notInstalled: ModuleImporter = async (specifier) => {
  const error = new Error(`Cannot find package '${specifier}' imported from /app/node_modules/@oauthflow/core/dist/storage/open-storage.js`);
  Object.assign(error, { code: 'ERR_MODULE_NOT_FOUND' });
  throw error;
};

describe('openStorage', () => {
  it('memory: and file: need no adapter package', async () => {
    const { importer, seen } = fakeAdapters();
    expect(await openStorageWith('memory:', importer)).toBeInstanceOf(MemoryStorage);
    const relative = (await openStorageWith('file:./tokens.json', importer)) as FileStorage;
    expect(relative).toBeInstanceOf(FileStorage);
    expect(relative.path).toBe(`${process.cwd()}/tokens.json`);
    expect(((await openStorageWith('file:///tmp/my%20tokens.json', importer)) as FileStorage).path).toBe('/tmp/my tokens.json');
    expect(((await openStorageWith('file:/tmp/t.json', importer)) as FileStorage).path).toBe('/tmp/t.json');
    expect(seen).toEqual([]);
  });

  it('imports an adapter package only for its scheme, and hands it the options from the URI', async () => {
    const { importer, seen } = fakeAdapters();
    for (const uri of [
      'sqlite:./oauthflow.db',
      'sqlite:///var/lib/app/tokens.db',
      'sqlite://./keyv-style.db',
      'redis://:pw@cache:6379/2?namespace=app',
      'rediss://cache.example.com',
      'redis+cluster://:pw@10.0.0.1:6379,10.0.0.2:6379?namespace=app',
      'rediss+cluster://cache.example.com:6379',
      'postgres://u:pw@db/app?table=tokens&namespace=web&sslmode=require',
      'postgresql://db/app',
    ])
      await openStorageWith(uri, importer);
    expect(seen).toEqual([
      { specifier: '@oauthflow/storage-sqlite', options: { path: './oauthflow.db' } },
      { specifier: '@oauthflow/storage-sqlite', options: { path: '/var/lib/app/tokens.db' } },
      { specifier: '@oauthflow/storage-sqlite', options: { path: './keyv-style.db' } },
      { specifier: '@oauthflow/storage-redis', options: { namespace: 'app', url: 'redis://:pw@cache:6379/2' } },
      { specifier: '@oauthflow/storage-redis', options: { url: 'rediss://cache.example.com' } },
      { specifier: '@oauthflow/storage-redis', options: { namespace: 'app', url: 'redis+cluster://:pw@10.0.0.1:6379,10.0.0.2:6379' } },
      { specifier: '@oauthflow/storage-redis', options: { url: 'rediss+cluster://cache.example.com:6379' } },
      { specifier: '@oauthflow/storage-postgres', options: { namespace: 'web', table: 'tokens', url: 'postgres://u:pw@db/app?sslmode=require' } },
      { specifier: '@oauthflow/storage-postgres', options: { url: 'postgresql://db/app' } },
    ]);
  });

  it('an unknown scheme is a ConfigurationError listing the known ones, without the password', async () => {
    const error = (await openStorageWith('mysql://root:s3cr3t@db/app', fakeAdapters().importer).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/Unknown storage URI "mysql:\/\/root:\*\*\*@db\/app": use memory:, file:/);
    expect(error.message).not.toContain('s3cr3t');
    await expect(openStorageWith('tokens.json', fakeAdapters().importer)).rejects.toThrow(ConfigurationError);
    await expect(openStorageWith('sqlite:', fakeAdapters().importer)).rejects.toThrow(/needs a path/);
  });

  it('a missing adapter package is a ConfigurationError naming the npm install', async () => {
    for (const [uri, name] of [
      ['redis://:pw@cache', '@oauthflow/storage-redis'],
      ['rediss://cache', '@oauthflow/storage-redis'],
      ['redis+cluster://cache:6379,cache2:6379', '@oauthflow/storage-redis'],
      ['postgres://db/app', '@oauthflow/storage-postgres'],
      ['sqlite:./a.db', '@oauthflow/storage-sqlite'],
    ] as const) {
      const error = (await openStorageWith(uri, notInstalled).then(
        () => undefined,
        (e: unknown) => e,
      )) as Error;
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toContain(`npm install ${name}`);
    }
  });

  it('an adapter package that fails to load for another reason says so', async () => {
    const broken: ModuleImporter = async () => {
      throw new Error("Cannot find package 'sqlite3'");
    };
    await expect(openStorageWith('sqlite:./a.db', broken)).rejects.toThrow(/@oauthflow\/storage-sqlite failed to load \(Cannot find package 'sqlite3'\)/);
    const empty: ModuleImporter = async () => ({});
    await expect(openStorageWith('sqlite:./a.db', empty)).rejects.toThrow(/does not export SQLiteStorage/);
  });

  it('a native addon that was never built or was built for another Node names the rebuild, not a reinstall', async () => {
    const tried = (dir: string) =>
      ['build', 'build/Debug', 'build/Release', 'lib/binding/node-v115-linux-x64'].map((p) => `→ ${dir}/${p}/node_sqlite3.node`).join(' ');
    const unbuilt: ModuleImporter = async () => {
      throw new Error(`Could not locate the bindings file. Tried:\n ${tried('/app/node_modules/.pnpm/sqlite3@5.1.7/node_modules/sqlite3')}`);
    };
    const error = (await openStorageWith('sqlite:./a.db', unbuilt).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^@oauthflow\/storage-sqlite cannot load: its native addon \(sqlite3\) was never built\. Build it: npm rebuild sqlite3;/);
    expect(error.message).toContain('"onlyBuiltDependencies": ["sqlite3"]');
    expect(error.message).not.toContain('Tried'); // not the loader's list of every path

    const otherNode: ModuleImporter = async () => {
      throw new Error(
        "The module '/app/node_modules/sqlite3/build/Release/node_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 127.",
      );
    };
    await expect(openStorageWith('sqlite:./a.db', otherNode)).rejects.toThrow(/\(sqlite3\) was built for another Node\.js version than this one \(v\d+/);
  });

  it('names a global install when this copy of core is part of one', () => {
    expect(
      installCommand('@oauthflow/storage-redis', '/usr/local/lib/node_modules/@oauthflow/cli/node_modules/@oauthflow/core/dist/storage/install-hint.js'),
    ).toBe('npm install --global @oauthflow/storage-redis');
    expect(
      installCommand('@oauthflow/storage-redis', '/home/me/.local/share/pnpm/global/5/.pnpm/@oauthflow+core@1.0.0/node_modules/@oauthflow/core/dist/x.js'),
    ).toBe('pnpm add --global @oauthflow/storage-redis');
    expect(installCommand('@oauthflow/storage-redis', '/home/me/app/node_modules/@oauthflow/core/dist/storage/install-hint.js')).toBe(
      'npm install @oauthflow/storage-redis',
    );
  });

  it('returns a Storage', async () => {
    const storage: Storage = await openStorageWith('memory:', fakeAdapters().importer);
    expect(typeof storage.withLock).toBe('function');
  });
});

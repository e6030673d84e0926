/**
 * Storage overhead: get and save of one credential, per backend, through oauthflow's adapter and
 * through the raw store of the same backend (same server, file and table; another namespace),
 * one operation per round in random order, so noise hits both alike. Reports medians (p99 in the
 * notes). Goal: an adapter costs at most 1.15× the raw store, for a plain save and for the
 * conditional save (compare-and-set on the revision) the refresh protocol makes.
 *
 * Backends: memory (MemoryStorage and KeyvStorage vs a raw Keyv Map), file (FileStorage vs a raw
 * read / atomic write of the same JSON file), SQLite, Redis and PostgreSQL (vs raw @keyv/*).
 * Redis and PostgreSQL rows are skipped, with a note, when no server answers
 * (OAUTHFLOW_REDIS_URL, OAUTHFLOW_POSTGRES_URL).
 *
 * `npx tsx --conditions=@oauthflow/source bench/storage.ts [--quick]`
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Credentials, FileStorage, KeyvStorage, MemoryStorage, type Storage } from '@oauthflow/core';
import { PostgresStorage } from '@oauthflow/storage-postgres';
import { RedisStorage } from '@oauthflow/storage-redis';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { requireService } from '@oauthflow/storage-test-suite';
import { createRawKeyv as rawMemory } from '../packages/core/test/fixtures/raw-keyv.js';
import { createRawKeyv as rawPostgres } from '../packages/storage-postgres/test/fixtures/raw-keyv.js';
import { createRawKeyv as rawRedis } from '../packages/storage-redis/test/fixtures/raw-keyv.js';
import { createRawKeyv as rawSqlite } from '../packages/storage-sqlite/test/fixtures/raw-keyv.js';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { interleaved, median } from './lib/measure.js';
import { runIfMain } from './lib/standalone.js';

const GOAL = 1.15;
const KEY = 'bench';

/** What a raw store does for a get and a save, and how to let go of it. */
interface Raw {
  name: string;
  get(): Promise<unknown>;
  save(credentials: Credentials): Promise<unknown>;
  /** Deletes what the bench wrote, then lets go. */
  close(): Promise<void>;
}

interface Contender {
  backend: string;
  storage: Storage;
  raw: Raw;
  /** Fewer rounds for slow (fsync-bound) backends. */
  share?: number;
  /** Not held to the goal, and why. */
  informational?: string;
}

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const rounds = quick ? 150 : 1000;
  const directory = await mkdtemp(join(tmpdir(), 'oauthflow-bench-storage-'));
  const namespace = `oauthflow-bench-${randomBytes(4).toString('hex')}`;
  const rows: BenchRow[] = [];
  const contenders: Contender[] = [];
  try {
    const memoryRaw = keyvRaw('raw Keyv (Map)', rawMemory());
    contenders.push({ backend: 'memory: MemoryStorage', storage: new MemoryStorage(), raw: memoryRaw });
    contenders.push({
      backend: 'memory: KeyvStorage',
      storage: new KeyvStorage(rawMemory()),
      raw: memoryRaw,
      informational:
        'a Map answers in ~1 µs, so turning the value into Credentials (which raw Keyv does not do) shows as a ratio; over a real backend it vanishes',
    });
    contenders.push({ backend: 'file', storage: new FileStorage(join(directory, 'tokens.json')), raw: fileRaw(join(directory, 'raw.json')), share: 0.3 });
    const sqlitePath = join(directory, 'tokens.db');
    contenders.push({
      backend: 'SQLite',
      storage: new SQLiteStorage({ path: sqlitePath }),
      raw: keyvRaw('raw @keyv/sqlite', rawSqlite(sqlitePath)),
      share: 0.5,
    });

    const redisUrl = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
    if (await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL')) {
      contenders.push({
        backend: 'Redis',
        storage: new RedisStorage({ url: redisUrl, namespace }),
        raw: keyvRaw('raw @keyv/redis', rawRedis(redisUrl, `${namespace}-raw`)),
      });
    } else rows.push(skipped('Redis', 'OAUTHFLOW_REDIS_URL'));
    const postgresUrl = process.env['OAUTHFLOW_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
    const table = namespace.replaceAll('-', '_');
    if (await requireService('PostgreSQL', postgresUrl, 'OAUTHFLOW_POSTGRES_URL')) {
      contenders.push({
        backend: 'PostgreSQL',
        storage: new PostgresStorage({ url: postgresUrl, table }),
        raw: keyvRaw('raw @keyv/postgres', rawPostgres(postgresUrl, table)),
      });
    } else rows.push(skipped('PostgreSQL', 'OAUTHFLOW_POSTGRES_URL'));

    for (const contender of contenders) rows.push(...(await measure(contender, Math.max(50, Math.round(rounds * (contender.share ?? 1))))));
    return rows;
  } finally {
    for (const { storage, backend } of contenders) {
      await storage.delete(KEY).catch(() => undefined);
      if (backend === 'PostgreSQL') await dropTable(storage);
      await storage.close?.().catch(() => undefined);
    }
    for (const raw of new Set(contenders.map((c) => c.raw))) await raw.close().catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
  }
}

async function measure({ backend, storage, raw, informational }: Contender, rounds: number): Promise<BenchRow[]> {
  const credentials = sampleCredentials();
  await storage.save(credentials, KEY);
  await raw.save(credentials);
  // Warm-up: connections, prepared paths, JIT.
  for (let i = 0; i < 30; i += 1) await Promise.all([storage.get(KEY), raw.get(), storage.save(credentials, KEY), raw.save(credentials)]);
  const gets = await interleaved(
    {
      adapter: async () => {
        await storage.get(KEY);
      },
      raw: async () => {
        await raw.get();
      },
    },
    rounds,
  );
  // Every save writes new tokens, as a real one does (SQLite writes an unchanged row several times
  // faster, which would flatter the raw store: oauthflow's record changes with its revision anyway).
  const fresh = Array.from({ length: 64 }, () => sampleCredentials());
  let [a, r] = [0, 0];
  const saves = await interleaved(
    {
      adapter: async () => {
        await storage.save(fresh[(a += 1) % fresh.length]!, KEY);
      },
      raw: async () => {
        await raw.save(fresh[(r += 1) % fresh.length]!);
      },
    },
    rounds,
  );
  // The refresh protocol's write: compare-and-set on the revision read (one atomic command).
  let revision = await storage.save(credentials, KEY);
  const conditional = await interleaved(
    {
      adapter: async () => {
        revision = await storage.save(fresh[(a += 1) % fresh.length]!, KEY, { ifRevision: revision });
      },
      raw: async () => {
        await raw.save(fresh[(r += 1) % fresh.length]!);
      },
    },
    rounds,
  );
  return [
    row(backend, 'get', gets.adapter.wall, gets.raw.wall, raw.name, informational),
    row(backend, 'save', saves.adapter.wall, saves.raw.wall, raw.name, informational),
    row(backend, 'conditional save', conditional.adapter.wall, conditional.raw.wall, raw.name, informational),
  ];
}

function row(backend: string, op: string, adapter: number[], raw: number[], rawName: string, informational?: string): BenchRow {
  const [a, r] = [median(adapter) * 1000, median(raw) * 1000];
  const note = `p99 ${micros(percentile(adapter, 0.99))} vs ${micros(percentile(raw, 0.99))} µs; ${adapter.length} ops each`;
  return {
    name: `storage ${op} (${backend})`,
    unit: 'µs/op',
    oauthflow: a,
    baseline: r,
    baselineName: rawName,
    ...(informational === undefined ? { goal: `≤ ${GOAL}×`, pass: a / r <= GOAL, note } : { note: `${note}; informational: ${informational}` }),
  };
}

function skipped(backend: string, envVar: string): BenchRow {
  return { name: `storage get/save (${backend})`, unit: 'µs/op', oauthflow: Number.NaN, note: `skipped: no server; set ${envVar}` };
}

function keyvRaw(name: string, keyv: ReturnType<typeof rawMemory>): Raw {
  return {
    name,
    get: () => keyv.get(`credentials:${KEY}`),
    save: (credentials) => keyv.set(`credentials:${KEY}`, credentials),
    close: async () => {
      await keyv.delete(`credentials:${KEY}`);
      await keyv.disconnect();
    },
  };
}

/** FileStorage without its lock and checks: read and parse; serialize, write, fsync, rename. */
function fileRaw(path: string): Raw {
  const contents = { version: 1, credentials: {} as Record<string, unknown>, pending: {} };
  return {
    name: 'raw read / atomic write',
    get: async () => (JSON.parse(await readFile(path, 'utf8')) as typeof contents).credentials[KEY],
    save: async (credentials) => {
      contents.credentials[KEY] = credentials.toStored();
      const temp = `${path}.tmp`;
      const handle = await open(temp, 'w', 0o600);
      await handle.writeFile(`${JSON.stringify(contents, null, 2)}\n`);
      await handle.sync();
      await handle.close();
      await rename(temp, path);
    },
    close: async () => undefined,
  };
}

async function dropTable(storage: Storage): Promise<void> {
  const store = (storage as KeyvStorage).keyv.store as { query(sql: string): Promise<unknown>; opts: { table: string } };
  await store.query(`DROP TABLE IF EXISTS public.${store.opts.table}`).catch(() => undefined);
}

function sampleCredentials(): Credentials {
  return new Credentials({
    accessToken: `ya29.${randomBytes(90).toString('base64url')}`,
    refreshToken: `1//${randomBytes(70).toString('base64url')}`,
    expiresAt: new Date(Date.now() + 3600_000),
    issuedAt: new Date(),
    scope: ['openid', 'email', 'https://www.googleapis.com/auth/youtube.readonly'],
    extra: { refresh_token_expires_in: 604_799 },
  });
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function micros(ms: number): string {
  const us = ms * 1000;
  return us >= 100 ? us.toFixed(0) : us.toFixed(1);
}

await runIfMain(import.meta.url, run);

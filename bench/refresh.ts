/**
 * Refresh across processes: 1, 4 and 8 processes share one credential in each backend (file,
 * SQLite, Redis, PostgreSQL, opened with `openStorage`) and call the local server's API, whose
 * access tokens live 2 s (1 s with --quick) and whose refresh tokens rotate. The server counts the
 * refresh grants; the ideal is one per expiry of the credential in use. oauthflow's goal: 1.00×.
 *
 * Baselines, the same run with each process holding its own copy of the credential:
 * - google-auth-library's `OAuth2Client` (local token endpoint, eager refresh at the same skew),
 *   which de-duplicates refreshes inside one process only;
 * - simple-oauth2 alone, `if (token.expired()) token = await token.refresh()` per request.
 * Both run against the rotating server (what happens to them there is the finding) and against
 * the same server without rotation (where their refresh count can be compared).
 *
 * Each process runs 10 request loops; the whole fleet makes ~100 requests/s whatever its size, so
 * the machine (2 cores in CI) is never saturated and a run measures the protocol, not the queue.
 * This file is also the worker (`--refresh-worker`): the processes are started once and reused.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import axios from 'axios';
import { OAuth2APIRequest, OAuth2AuthorizationFlow, openStorage, type Credentials } from '@oauthflow/core';
import { requireService } from '@oauthflow/storage-test-suite';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { OAuth2Client } from 'google-auth-library';
import { AuthorizationCode } from 'simple-oauth2';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { authorizeAtServer, requiredParams } from './lib/fixtures.js';
import { ROOT_DIR } from './lib/paths.js';
import { runIfMain } from './lib/standalone.js';
import { tsNodeArgs } from './lib/spawn.js';

type Client = 'oauthflow' | 'google-auth-library' | 'simple-oauth2';

interface Task {
  client: Client;
  /** oauthflow: the shared store. */
  storageUri?: string;
  /** The baselines: the credential each process starts from (its own copy). */
  seed?: { accessToken: string; refreshToken: string; expiresAt: number };
  server: { api: string; token: string; issuer: string; clientId: string; clientSecret: string; required: ReturnType<typeof requiredParams> };
  skewSeconds: number;
  lanes: number;
  paceMs: number;
  /** Epoch ms: no request starts after it. */
  deadline: number;
}

interface Outcome {
  ok: number;
  failed: number;
  errors: Record<string, number>;
  /** When each refresh this process made successfully started (epoch ms). */
  refreshes: number[];
  lastRequestAt: number;
}

const KEY = 'shared';
const WORKER_FLAG = '--refresh-worker';
const REDIS_URL = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env['OAUTHFLOW_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

// ---------------------------------------------------------------- worker side

/** One process's share of a run: `lanes` loops of API requests through `client` until the deadline. */
async function work(task: Task): Promise<Outcome> {
  const outcome: Outcome = { ok: 0, failed: 0, errors: {}, refreshes: [], lastRequestAt: 0 };
  const { request, close } = await makeClient(task, outcome.refreshes);
  const lane = async (): Promise<void> => {
    while (Date.now() < task.deadline) {
      outcome.lastRequestAt = Date.now();
      try {
        await request();
        outcome.ok += 1;
      } catch (error) {
        outcome.failed += 1;
        const name = describeError(error);
        outcome.errors[name] = (outcome.errors[name] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, task.paceMs * (0.5 + Math.random())));
    }
  };
  await Promise.all(Array.from({ length: task.lanes }, lane));
  await close();
  return outcome;
}

async function makeClient(task: Task, refreshes: number[]): Promise<{ request: () => Promise<unknown>; close: () => Promise<void> }> {
  const { server } = task;
  if (task.client === 'oauthflow') {
    const storage = await openStorage(task.storageUri!);
    const flow = new OAuth2AuthorizationFlow(
      server.required,
      { access_type: 'offline' },
      { grant_type: 'authorization_code' },
      { storage, key: KEY, refreshSkewSeconds: task.skewSeconds },
    );
    flow.on('tokens', (credentials: Credentials) => refreshes.push(credentials.issuedAt?.getTime() ?? Date.now()));
    const api = new OAuth2APIRequest(flow);
    return {
      request: () => api.request(server.api),
      close: async () => {
        await storage.close?.();
      },
    };
  }
  const seed = task.seed!;
  if (task.client === 'google-auth-library') {
    const client = new OAuth2Client({
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      endpoints: { oauth2TokenUrl: server.token },
      eagerRefreshThresholdMillis: task.skewSeconds * 1000,
    });
    client.setCredentials({ access_token: seed.accessToken, refresh_token: seed.refreshToken, expiry_date: seed.expiresAt, token_type: 'Bearer' });
    client.on('tokens', () => refreshes.push(Date.now()));
    return { request: () => client.request({ url: server.api }), close: async () => {} };
  }
  const oauth = new AuthorizationCode({
    client: { id: server.clientId, secret: server.clientSecret },
    auth: { tokenHost: server.issuer, tokenPath: new URL(server.token).pathname },
    options: { authorizationMethod: 'header' },
  });
  let token = oauth.createToken({
    access_token: seed.accessToken,
    refresh_token: seed.refreshToken,
    token_type: 'Bearer',
    expires_at: new Date(seed.expiresAt),
  });
  return {
    request: async () => {
      if (token.expired(task.skewSeconds)) {
        const started = Date.now();
        token = await token.refresh();
        refreshes.push(started);
      }
      return axios.get(server.api, { headers: { Authorization: `Bearer ${String(token.token['access_token'])}` } });
    },
    close: async () => {},
  };
}

/** A short, secret-free description: the error class and the OAuth error or HTTP status. */
function describeError(error: unknown): string {
  const e = error as {
    name?: string;
    error?: string;
    status?: number;
    response?: { status?: number; data?: { error?: string } };
    data?: { payload?: { error?: string } };
    output?: { statusCode?: number };
  };
  const detail = e.error ?? e.response?.data?.error ?? e.data?.payload?.error ?? e.status ?? e.response?.status ?? e.output?.statusCode ?? '';
  return `${e.name ?? 'Error'}${detail === '' ? '' : ` ${detail}`}`;
}

async function workerMain(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  for await (const line of lines) {
    if (line.trim() === '') continue;
    process.stdout.write(`${JSON.stringify(await work(JSON.parse(line) as Task))}\n`);
  }
}

// ---------------------------------------------------------------- parent side

/** Worker processes, started once, each answering one task at a time. */
class Workers {
  readonly #children: Array<ChildProcessByStdio<Writable, Readable, null>> = [];
  readonly #pending: Array<Array<(outcome: Outcome) => void>> = [];
  /** Resolves once every worker has loaded and waits for tasks. */
  readonly ready: Promise<unknown>;

  constructor(size: number) {
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < size; i += 1) {
      const child = spawn(process.execPath, tsNodeArgs(fileURLToPath(import.meta.url), [WORKER_FLAG]), { cwd: ROOT_DIR, stdio: ['pipe', 'pipe', 'inherit'] });
      const waiting: Array<(outcome: Outcome) => void> = [];
      const lines = createInterface({ input: child.stdout });
      ready.push(
        new Promise((resolve) =>
          lines.once('line', () => {
            lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Outcome));
            resolve();
          }),
        ),
      );
      this.#children.push(child);
      this.#pending.push(waiting);
    }
    this.ready = Promise.all(ready);
  }

  run(count: number, task: Task): Promise<Outcome[]> {
    return Promise.all(
      this.#children.slice(0, count).map(
        (child, i) =>
          new Promise<Outcome>((resolve) => {
            this.#pending[i]!.push(resolve);
            child.stdin.write(`${JSON.stringify(task)}\n`);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise((resolve) => {
            child.once('close', resolve);
            child.stdin.end();
          }),
      ),
    );
  }
}

/**
 * The refreshes a perfect client would have made: one each time the credential in use went stale
 * while requests were still being made. Walks the refreshes in time order; one made while the
 * credential in use was still fresh answered no expiry (a duplicate). Expiries nobody answered
 * (a dead grant) still count.
 */
function idealRefreshes(seedIssuedAt: number, refreshes: number[], intervalMs: number, lastRequestAt: number): number {
  let staleAt = seedIssuedAt + intervalMs;
  let ideal = 0;
  for (const at of [...refreshes].sort((a, b) => a - b)) {
    if (at + 50 < staleAt) continue; // (50 ms: clocks of "stale" and "started" differ by a tick)
    ideal += 1;
    staleAt = at + intervalMs;
  }
  if (lastRequestAt >= staleAt) ideal += 1 + Math.floor((lastRequestAt - staleAt) / intervalMs);
  return ideal;
}

interface RunResult {
  requests: number;
  failed: number;
  refreshes: number;
  ideal: number;
  invalidGrant: number;
  errors: Record<string, number>;
}

async function fleetRun(
  workers: Workers,
  server: AuthorizationServer,
  processes: number,
  client: Client,
  timing: Timing,
  storageUri?: string,
): Promise<RunResult> {
  const seed = await authorizeAtServer(server);
  const issuedAt = seed.issuedAt!.getTime();
  let close = async () => {};
  if (storageUri !== undefined) {
    const storage = await openStorage(storageUri);
    await storage.save(seed, KEY);
    close = async () => {
      await storage.delete(KEY).catch(() => undefined);
      await storage.close?.();
    };
  }
  const { client_id: clientId, client_secret: clientSecret } = server.clients.confidential;
  const task: Task = {
    client,
    ...(storageUri === undefined ? {} : { storageUri }),
    seed: { accessToken: seed.accessToken, refreshToken: seed.refreshToken!, expiresAt: seed.expiresAt!.getTime() },
    server: { api: server.endpoints.api, token: server.endpoints.token, issuer: server.issuer, clientId, clientSecret, required: requiredParams(server) },
    skewSeconds: timing.skewSeconds,
    lanes: 10,
    paceMs: 100 * processes,
    // The run ends half an interval after the k-th expiry of the seed, not on an expiry.
    deadline: issuedAt + (timing.expiries + 0.5) * timing.intervalMs,
  };
  server.resetStats();
  const outcomes = await workers.run(processes, task);
  const stats = server.stats();
  await close();
  const errors: Record<string, number> = {};
  for (const o of outcomes) for (const [name, n] of Object.entries(o.errors)) errors[name] = (errors[name] ?? 0) + n;
  return {
    requests: sum(outcomes.map((o) => o.ok + o.failed)),
    failed: sum(outcomes.map((o) => o.failed)),
    refreshes: stats.token['refresh_token'] ?? 0,
    invalidGrant: stats.tokenErrors['invalid_grant'] ?? 0,
    errors,
    ideal: idealRefreshes(
      issuedAt,
      outcomes.flatMap((o) => o.refreshes),
      timing.intervalMs,
      Math.max(...outcomes.map((o) => o.lastRequestAt)),
    ),
  };
}

interface Timing {
  lifetime: number;
  skewSeconds: number;
  intervalMs: number;
  expiries: number;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function describeRun(r: RunResult): string {
  const errors = Object.entries(r.errors)
    .map(([name, n]) => `${n}× ${name}`)
    .join(', ');
  return `${r.requests} requests, ${r.failed} failed${errors ? ` (${errors})` : ''}; ${r.refreshes} refresh grants for ${r.ideal} expiries; invalid_grant ${r.invalidGrant}`;
}

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const lifetime = quick ? 1 : 2;
  const skewSeconds = lifetime / 4; // what the flow caps its default 60 s skew at; the baselines get the same
  const timing: Timing = { lifetime, skewSeconds, intervalMs: (lifetime - skewSeconds) * 1000, expiries: quick ? 1 : 4 };
  const counts = quick ? [1, 8] : [1, 4, 8];
  const rotating = await startAuthorizationServer({ accessTokenTtl: lifetime, rotateRefreshTokens: true });
  const plain = await startAuthorizationServer({ accessTokenTtl: lifetime, rotateRefreshTokens: false });
  const workers = new Workers(Math.max(...counts));
  const directory = await mkdtemp(join(tmpdir(), 'oauthflow-bench-refresh-'));
  const tag = `b${process.pid}`;
  const backends: Array<[string, (n: number) => string, boolean]> = [
    ['file', (n) => `file:${join(directory, `${n}.json`)}`, true],
    ['SQLite', (n) => `sqlite:${join(directory, `${n}.db`)}`, true],
    [
      'Redis',
      (n) => `${REDIS_URL}${REDIS_URL.includes('?') ? '&' : '?'}namespace=oauthflow-bench-${tag}-${n}`,
      await requireService('Redis', REDIS_URL, 'OAUTHFLOW_REDIS_URL'),
    ],
    [
      'PostgreSQL',
      (n) => `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}table=oauthflow_bench_${tag}&namespace=n${n}`,
      await requireService('PostgreSQL', POSTGRES_URL, 'OAUTHFLOW_POSTGRES_URL'),
    ],
  ];
  await workers.ready;
  const rows: BenchRow[] = [];
  const row = (name: string, r: RunResult, goal: boolean): BenchRow => ({
    name,
    unit: 'refreshes',
    oauthflow: r.refreshes,
    baseline: r.ideal,
    baselineName: 'ideal: one per expiry',
    ...(r.ideal === 0 ? {} : { ratio: r.refreshes / r.ideal }),
    ...(goal ? { goal: '1.00×, no failure', pass: r.refreshes <= r.ideal && r.failed === 0 && r.invalidGrant === 0 } : { goal: 'info' }),
    note: describeRun(r),
  });
  try {
    for (const [backend, uri, available] of backends) {
      for (const n of counts) {
        const name = `refresh across ${n} process${n === 1 ? '' : 'es'}, ${backend}: oauthflow`;
        if (!available) {
          rows.push({ name, unit: 'refreshes', oauthflow: 0, note: 'skipped: the service is not reachable' });
          continue;
        }
        rows.push(row(name, await fleetRun(workers, rotating, n, 'oauthflow', timing, uri(n)), true));
      }
    }
    for (const client of ['google-auth-library', 'simple-oauth2'] as const) {
      for (const [server, label] of [
        [rotating, 'rotating'],
        [plain, 'no rotation'],
      ] as const) {
        for (const n of counts) {
          rows.push(
            row(`refresh across ${n} process${n === 1 ? '' : 'es'}, ${label}: ${client} (baseline)`, await fleetRun(workers, server, n, client, timing), false),
          );
        }
      }
    }
    return rows;
  } finally {
    await workers.close();
    await Promise.all([rotating.close(), plain.close()]);
    await dropTable(backends[3]![2] ? backends[3]![1](0) : undefined, `oauthflow_bench_${tag}`);
    await rm(directory, { recursive: true, force: true });
  }
}

/** The PostgreSQL runs' table goes when the bench ends (through the adapter's own connection). */
async function dropTable(uri: string | undefined, table: string): Promise<void> {
  if (uri === undefined) return;
  const storage = await openStorage(uri);
  try {
    const store = (storage as unknown as { keyv: { store: { query(sql: string): Promise<unknown> } } }).keyv.store;
    await store.query(`DROP TABLE IF EXISTS public.${table}`);
  } catch {
    // best effort
  } finally {
    await storage.close?.();
  }
}

if (process.argv.includes(WORKER_FLAG)) await workerMain();
else await runIfMain(import.meta.url, run);

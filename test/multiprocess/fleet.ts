// A fleet of ./worker.ts processes that share one credential in one store, against the local
// server: it runs them and gathers what the server and the workers saw. The processes are
// started once and reused from run to run (a killed one is replaced), so a test file pays
// Node's start-up once, not once per backend.
import type { Storage } from '@oauthflow/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthorizationServer, type AuthorizationServer, type ServerStats } from '@oauthflow/testing';
import { afterAll, beforeAll } from 'vitest';
import { authorize, makeFlow, requiredParams } from '../helpers/flow-fixtures.js';
import type { BackendSpec } from './backends.js';
import { spawnChild, type Child } from './child.js';
import type { ExchangeResult, ExchangeTask, WorkerResult, WorkerTask } from './worker.js';

export interface FleetRunOptions {
  lanes: number;
  durationMs: number;
  /** Mean pause between a lane's requests, ms. */
  paceMs: number;
  /** Passed to every flow; the flow caps it at a quarter of the token's lifetime. */
  refreshSkewSeconds: number;
  key?: string;
  /** Make process 0 hang inside the lock (or a refresh's save), and SIGKILL it `killAfterMs` after it says so. */
  hang?: { where: 'lock' | 'save'; afterMs: number; killAfterMs: number };
  /** The flows' inFlightWaitMs: how long the others wait for a refresh marked in flight. */
  inFlightWaitMs?: number;
}

export interface FleetRun {
  /** Results of the processes that ran to the end (a killed one has none). */
  results: WorkerResult[];
  /** From "go" to the last result, ms. */
  elapsedMs: number;
  /** The server's counters over the run (reset at "go"). */
  stats: ServerStats;
  /** When the hanging process was killed, ms after "go". */
  killedAtMs?: number;
  ok: number;
  failed: number;
  errors: Record<string, number>;
}

const WORKER = 'test/multiprocess/worker.ts';

export class Fleet {
  readonly #workers: Child[];

  private constructor(size: number) {
    this.#workers = Array.from({ length: size }, () => spawnChild(WORKER));
  }

  /** Starts `size` worker processes. */
  static start(size: number): Fleet {
    return new Fleet(size);
  }

  get size(): number {
    return this.#workers.length;
  }

  /**
   * Authorizes once (the credential lands in `storage`), hands every worker the task, waits until
   * each has opened the store, resets the server's counters, says "go" to all and collects the
   * results.
   */
  async run(server: AuthorizationServer, spec: BackendSpec, storage: Storage, options: FleetRunOptions): Promise<FleetRun> {
    const key = options.key ?? 'shared';
    await authorize(server, makeFlow(server, { storage, key }));
    const workers = this.#workers;
    workers.forEach((worker, index) => {
      const task: WorkerTask = {
        type: 'task',
        backend: spec,
        required: requiredParams(server),
        api: server.endpoints.api,
        key,
        refreshSkewSeconds: options.refreshSkewSeconds,
        durationMs: options.durationMs,
        lanes: options.lanes,
        paceMs: options.paceMs,
        ...(options.inFlightWaitMs === undefined ? {} : { inFlightWaitMs: options.inFlightWaitMs }),
        ...(index === 0 && options.hang ? { hang: { where: options.hang.where, afterMs: options.hang.afterMs } } : {}),
      };
      worker.send(JSON.stringify(task));
    });
    await Promise.all(workers.map((worker) => worker.message('ready')));
    server.resetStats();
    const started = Date.now();
    for (const worker of workers) worker.send('go');

    let killedAtMs: number | undefined;
    const survivors = options.hang ? workers.slice(1) : workers;
    const killing = options.hang
      ? (async () => {
          const victim = workers[0]!;
          await victim.message('holding', options.durationMs + 30_000);
          await new Promise((resolve) => setTimeout(resolve, options.hang!.killAfterMs));
          victim.kill();
          killedAtMs = Date.now() - started;
          await victim.exit;
          workers[0] = spawnChild(WORKER); // for the next run
        })()
      : Promise.resolve();

    const results = await Promise.all(survivors.map((worker) => worker.message<WorkerResult>('result', options.durationMs + 60_000)));
    await killing;
    const elapsedMs = Date.now() - started;
    const stats = server.stats();
    const errors: Record<string, number> = {};
    for (const result of results) for (const [name, count] of Object.entries(result.errors)) errors[name] = (errors[name] ?? 0) + count;
    return {
      results,
      elapsedMs,
      stats,
      ...(killedAtMs === undefined ? {} : { killedAtMs }),
      ok: sum(results.map((r) => r.ok)),
      failed: sum(results.map((r) => r.failed)),
      errors,
    };
  }

  /**
   * Every worker, at once, tries to finish the authorization whose redirect is `redirect` (started
   * by another instance on the same store). Resolves with each one's outcome.
   */
  async exchangeRace(server: AuthorizationServer, spec: BackendSpec, redirect: string): Promise<ExchangeResult[]> {
    for (const worker of this.#workers) {
      const task: ExchangeTask = { type: 'exchange', backend: spec, required: requiredParams(server), redirect };
      worker.send(JSON.stringify(task));
    }
    await Promise.all(this.#workers.map((worker) => worker.message('ready')));
    for (const worker of this.#workers) worker.send('go');
    return Promise.all(this.#workers.map((worker) => worker.message<ExchangeResult>('exchanged')));
  }

  /** Ends every worker (stdin closes; SIGKILL for any still there after 5 s). */
  async close(): Promise<void> {
    for (const worker of this.#workers) worker.child.stdin.end();
    const timer = setTimeout(() => {
      for (const worker of this.#workers) worker.kill();
    }, 5000);
    await Promise.all(this.#workers.map((worker) => worker.exit));
    clearTimeout(timer);
  }
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * The most refresh grants "one refresh per expiry" allows over `elapsedMs`. A credential that
 * lives `lifetime` seconds goes stale `skew` = min(skew, lifetime / 4) before its expiry, and its
 * lifetime counts from before the token request left (the client's clock never runs ahead of the
 * server's), so each refresh comes at least `lifetime − skew` after the previous one: over the run
 * at most floor(elapsed / (lifetime − skew)) of them, plus one for the credential that may
 * already be stale at "go".
 */
export function refreshBound(elapsedMs: number, lifetimeSeconds: number, skewSeconds: number): { interval: number; expiries: number; bound: number } {
  const interval = lifetimeSeconds - Math.min(skewSeconds, lifetimeSeconds / 4);
  const expiries = Math.floor(elapsedMs / 1000 / interval);
  return { interval, expiries, bound: expiries + 1 };
}

/** One line for the test log: what the run did. */
export function describeRun(label: string, run: FleetRun, refreshes: number, bound: ReturnType<typeof refreshBound>): string {
  const latency = run.results.map((r) => `${r.latency.p50}/${r.latency.p99}/${r.latency.max}`).join(', ');
  return (
    `[${label}] ${run.ok} requests (${run.failed} failed) in ${run.elapsedMs} ms by ${run.results.length} processes` +
    `${run.killedAtMs === undefined ? '' : ` + 1 killed at ${run.killedAtMs} ms`}; ${refreshes} refresh grants ` +
    `(one per ${bound.interval} s → ${bound.expiries} expiries, bound ${bound.bound}); by process ${run.results.map((r) => r.refreshes).join('/')}; ` +
    `latency p50/p99/max ms ${latency}`
  );
}

/** What a multi-process test file shares: a scratch directory, the rotating server, the fleet (set in beforeAll). */
export interface FleetContext {
  dir: string;
  server: AuthorizationServer;
  fleet: Fleet;
}

/** Starts `processes` workers and a rotating server with `lifetimeSeconds` tokens for the file, and stops them after. */
export function useFleet(processes: number, lifetimeSeconds: number, dirPrefix: string): FleetContext {
  const context = { dir: mkdtempSync(join(tmpdir(), dirPrefix)) } as FleetContext;
  beforeAll(async () => {
    context.fleet = Fleet.start(processes);
    context.server = await startAuthorizationServer({ accessTokenTtl: lifetimeSeconds, rotateRefreshTokens: true });
  });
  afterAll(async () => {
    await context.fleet?.close();
    await context.server?.close();
    rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}

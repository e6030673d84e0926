// One refresh, interrupted: process A (a child) starts refreshing the shared credential, and
// while its refresh request is at the server (which answers after `serverDelayMs`) A is frozen
// with SIGSTOP — and on PostgreSQL, optionally, its lock connection is killed. Meanwhile this
// process (B) asks for a token; after `pauseMs` A is resumed. What each ended with, and what the
// server saw, is returned for the test to judge.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fingerprint, type Storage } from '@oauthflow/core';
import type { AuthorizationServer, ServerStats } from '@oauthflow/testing';
import { authorize, makeFlow, requiredParams } from '../helpers/flow-fixtures.js';
import type { BackendSpec } from '../multiprocess/backends.js';
import { spawnChild } from '../multiprocess/child.js';
import type { RefresherResult, RefresherTask } from './refresher.js';

export interface ScenarioOptions {
  key?: string;
  /** How long the token endpoint holds the refresh request before answering. */
  serverDelayMs: number;
  /** How long A stays frozen. */
  pauseMs: number;
  /** B's inFlightWaitMs. */
  inFlightWaitMs?: number;
  /** A's clock offset, ms. */
  clockOffsetMs?: number;
  /** PostgreSQL: also terminate A's lock connection while it is frozen. */
  terminateLock?: boolean;
}

export interface ScenarioResult {
  a: RefresherResult;
  /** Fingerprint of the token B got, or B's error. */
  b: { accessToken?: string; error?: string };
  /** Fingerprint of the access token stored afterwards. */
  stored?: string;
  stats: ServerStats;
}

export async function interruptedRefresh(server: AuthorizationServer, spec: BackendSpec, storage: Storage, options: ScenarioOptions): Promise<ScenarioResult> {
  const key = options.key ?? 'shared';
  const { credentials } = await authorize(server, makeFlow(server, { storage, key }));
  const flowB = makeFlow(server, { storage, key, ...(options.inFlightWaitMs === undefined ? {} : { inFlightWaitMs: options.inFlightWaitMs }) });
  // Stale for everyone (whatever their clock), so B too goes for the lock.
  await storage.save(credentials.with({ issuedAt: new Date(Date.now() - 7_200_000), expiresAt: new Date(Date.now() - 3_600_000) }), key);

  const a = spawnChild('test/adversity/refresher.ts', options.clockOffsetMs ? { OAUTHFLOW_TEST_CLOCK_OFFSET_MS: String(options.clockOffsetMs) } : {});
  try {
    const task: RefresherTask = { backend: spec, required: requiredParams(server), key };
    a.send(JSON.stringify(task));
    await a.message('ready');
    server.resetStats();
    server.injectTokenFault({ kind: 'delay', ms: options.serverDelayMs });
    a.send('go');
    // A marks its refresh in flight just before it sends the request.
    while ((await storage.read(key))?.refreshing === undefined) await sleep(5);
    await sleep(150);
    a.child.kill('SIGSTOP');
    if (options.terminateLock) await terminateLockConnection(storage, spec, key);
    const b = flowB.getAccessToken().then(
      (token) => ({ accessToken: fingerprint(token) }),
      (error: unknown) => ({ error: `${(error as Error).name}: ${(error as Error).message}` }),
    );
    await sleep(options.pauseMs);
    a.child.kill('SIGCONT');
    const resultA = await a.message<RefresherResult>('done', 120_000);
    const resultB = await b;
    const stored = (await storage.get(key))?.accessToken;
    return { a: resultA, b: resultB, ...(stored === undefined ? {} : { stored: fingerprint(stored) }), stats: server.stats() };
  } finally {
    a.child.kill('SIGCONT');
    a.kill();
    await a.exit;
  }
}

/** Kills, server side, the connection that holds the PostgreSQL advisory lock of `key`. */
async function terminateLockConnection(storage: Storage, spec: BackendSpec, key: string): Promise<void> {
  if (spec.kind !== 'postgres') throw new Error('only PostgreSQL locks live on a connection');
  const id = createHash('sha256').update(`public.${spec.table}:${spec.namespace}\0${key}`).digest().readBigInt64BE(0).toString();
  const query = (storage as unknown as { keyv: { store: { query(sql: string, values?: unknown[]): Promise<unknown[]> } } }).keyv.store.query.bind(
    (storage as unknown as { keyv: { store: object } }).keyv.store,
  );
  const rows = (await query(
    `SELECT pg_terminate_backend(pid) AS done FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
    [id],
  )) as Array<{ done: boolean }>;
  if (rows.length !== 1 || !rows[0]!.done) throw new Error(`expected to terminate one lock connection, did ${rows.length}`);
}

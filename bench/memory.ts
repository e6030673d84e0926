/**
 * Memory: heap and RSS growth for 100,000 credentials held by key in MemoryStorage (baseline: the
 * same tokens as plain objects in a Map), and for 10,000 requests in flight (baseline: raw axios);
 * and no leak across 100 refresh cycles (heap after ≈ heap before). Each scenario runs in its own
 * `node --expose-gc` process (bench/memory/child.ts), so each starts from a clean heap and the
 * authorization server's own memory stays out of the numbers.
 */
import { resolve } from 'node:path';
import { startAuthorizationServer } from '@oauthflow/testing';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { authorizeAtServer, requiredParams } from './lib/fixtures.js';
import { startHttpTarget } from './lib/http-target.js';
import { BENCH_DIR } from './lib/paths.js';
import { runTs } from './lib/spawn.js';
import { runIfMain } from './lib/standalone.js';
import type { MemorySnapshot } from './memory/heap.js';
import type { RefreshCyclesInput, RefreshCyclesResult } from './memory/refresh-cycles.js';

const MB = 2 ** 20;
const signed = (n: number, digits = 0) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;
/** Heap growth per refresh cycle below which we call it no leak (a leaked listener or timer per cycle costs more). */
const LEAK_BYTES_PER_CYCLE = 1024;

async function scenario<T>(name: string, input: object): Promise<T> {
  const result = await runTs(resolve(BENCH_DIR, 'memory/child.ts'), [name], {
    nodeFlags: ['--expose-gc'],
    env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
    timeoutMs: 300_000,
  });
  const line = result.stdout.trim().split('\n').pop();
  if (result.code !== 0 || !line)
    throw new Error(`memory scenario ${name} failed (exit ${result.code ?? result.signal}${result.timedOut ? ', timed out' : ''})`);
  return JSON.parse(line) as T;
}

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const credentialCount = quick ? 10_000 : 100_000;
  const requestCount = quick ? 1000 : 10_000;
  const cycles = Number(process.env['CYCLES'] ?? (quick ? 20 : 100));
  const count = (n: number) => n.toLocaleString('en-US');
  const mb = (bytes: number) => bytes / MB;

  const rows: BenchRow[] = [];
  const stored = await scenario<MemorySnapshot>('credentials:memory-storage', { count: credentialCount });
  const map = await scenario<MemorySnapshot>('credentials:map', { count: credentialCount });
  rows.push({
    name: `memory, ${count(credentialCount)} credentials by key in MemoryStorage`,
    unit: 'MB heap',
    oauthflow: mb(stored.heap),
    baseline: mb(map.heap),
    baselineName: 'token objects in a Map',
    goal: 'info',
    note: `${Math.round(stored.heap / credentialCount)} B per credential (Map of objects: ${Math.round(map.heap / credentialCount)} B); RSS +${mb(stored.rss).toFixed(1)} MB vs +${mb(map.rss).toFixed(1)} MB`,
  });

  const target = await startHttpTarget();
  const server = await startAuthorizationServer({ accessTokenTtl: 3600 });
  try {
    const oauthflow = await scenario<MemorySnapshot>('in-flight:oauthflow', { count: requestCount, origin: target.origin });
    const axios = await scenario<MemorySnapshot>('in-flight:axios', { count: requestCount, origin: target.origin });
    rows.push({
      name: `memory, ${count(requestCount)} requests in flight: OAuth2APIRequest (flow)`,
      unit: 'MB heap',
      oauthflow: mb(oauthflow.heap),
      baseline: mb(axios.heap),
      baselineName: 'raw axios',
      goal: 'info',
      note: `${Math.round(oauthflow.heap / requestCount)} B per request (raw axios: ${Math.round(axios.heap / requestCount)} B); RSS +${mb(oauthflow.rss).toFixed(1)} MB vs +${mb(axios.rss).toFixed(1)} MB`,
    });

    const input: RefreshCyclesInput = {
      required: requiredParams(server),
      credentials: (await authorizeAtServer(server)).toStored(),
      origin: target.origin,
      // The JIT settles after a few hundred cycles; before that its code looks like growth.
      warmup: quick ? 50 : 300,
      cycles,
      requestsPerCycle: 10,
    };
    server.resetStats();
    const leak = await scenario<RefreshCyclesResult>('refresh-cycles', input);
    const refreshes = server.stats().token['refresh_token'] ?? 0;
    const perCycle = leak.growth.objects / cycles;
    rows.push({
      name: `memory, ${cycles} refresh cycles: heap after vs before`,
      unit: 'MB heap',
      oauthflow: mb(leak.after.objects),
      baseline: mb(leak.before.objects),
      baselineName: 'before',
      goal: `≈ 1× (< ${LEAK_BYTES_PER_CYCLE} B/cycle)`,
      pass: perCycle < LEAK_BYTES_PER_CYCLE && refreshes === input.warmup + cycles,
      note:
        `${perCycle.toFixed(0)} B/cycle after ${input.warmup} warm-up cycles (heap without compiled code; with it ${signed(leak.growth.heap / cycles)} B/cycle); ` +
        `${refreshes} refreshes at the server for ${input.warmup + cycles} cycles of ${input.requestsPerCycle} concurrent requests; RSS ${signed(mb(leak.growth.rss), 1)} MB`,
    });
  } finally {
    await server.close();
    await target.close();
  }
  return rows;
}

await runIfMain(import.meta.url, run);

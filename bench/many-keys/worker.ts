/**
 * One process of bench/many-keys.ts: answers one JSON task per stdin line with one JSON line.
 * Started with --expose-gc, so the same process can measure heap per cached key.
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { OAuth2AuthorizationFlow, openStorage, type Credentials, type Storage, type StoredRecord } from '@oauthflow/core';
import type { Keyv } from 'keyv';
import { openRawStore } from './raw-store.js';
import { requiredParams } from '../lib/fixtures.js';
import { interleaved, median } from '../lib/measure.js';
import { growth, snapshot } from '../memory/heap.js';
import { credentialsDueAt, dueAt, keyName } from './schedule.js';
import { CountingStorage } from '../lib/counting-storage.js';
import type { Backend, ClassStats, CpuResult, MicroResult, Task, WindowResult } from './types.js';

/** A flow as a service holding many users' credentials builds it: one for every key. */
function makeFlow(storage: Storage, tokenUrl: string, keys: number, key?: string): OAuth2AuthorizationFlow {
  return new OAuth2AuthorizationFlow(
    { ...requiredParams(), token_uri: tokenUrl },
    { access_type: 'offline' },
    { grant_type: 'authorization_code' },
    { storage, cacheSize: keys, ...(key === undefined ? {} : { key }) },
  );
}

interface Opened {
  storage: CountingStorage;
  raw: Keyv;
  /** The long-lived flow of the CPU phase (warmed once). */
  flow?: OAuth2AuthorizationFlow;
}
const opened = new Map<string, Opened>();

async function open(backend: Backend): Promise<Opened> {
  let entry = opened.get(backend.uri);
  if (entry === undefined) {
    const raw = openRawStore(backend.raw);
    entry = { storage: new CountingStorage(await openStorage(backend.uri)), raw };
    opened.set(backend.uri, entry);
  }
  return entry;
}

const names = (keys: number) => Array.from({ length: keys }, (_, i) => keyName(i));
const pick = (keys: number) => Math.floor(Math.random() * keys);

/** Loads every key into the CPU phase's flow: afterwards each request is for a cached key. */
async function warm(backend: Backend, keys: number): Promise<void> {
  const entry = await open(backend);
  const flow = makeFlow(entry.storage, backend.tokenUrl, keys);
  for (const name of names(keys)) await flow.forKey(name).getAccessToken();
  entry.flow = flow;
}

/** `requests` back-to-back requests for random keys, one way of getting a token: the CPU they cost. */
async function cpu(task: Extract<Task, { kind: 'cpu' }>): Promise<CpuResult> {
  const entry = await open(task.backend);
  const keyNames = names(task.keys);
  const { storage, raw } = entry;
  const flow = entry.flow;
  if (task.mode === 'oauthflow' && flow === undefined) throw new Error('warm the flow first');
  const one: Record<typeof task.mode, (key: string) => Promise<unknown>> = {
    oauthflow: (key) => flow!.forKey(key).getAccessToken(),
    'flow-per-request': (key) => makeFlow(storage, task.backend.tokenUrl, 1, key).getAccessToken(),
    raw: (key) => raw.get(key),
  };
  const get = one[task.mode];
  const calls = storage.calls;
  const started = process.cpuUsage();
  for (let i = 0; i < task.requests; i += 1) await get(keyNames[pick(task.keys)]!);
  const used = process.cpuUsage(started);
  return { requests: task.requests, cpuUs: used.user + used.system, storeCalls: storage.calls - calls };
}

function emptyClass(): ClassStats {
  return { n: 0, reads: 0, calls: 0, latencyUs: [] };
}

/**
 * The scale run: a new flow (cold cache), requests for random keys at a steady rate until
 * `endAt`, while the keys' refreshes fall due one after another over the window.
 */
async function window(task: Extract<Task, { kind: 'window' }>): Promise<WindowResult> {
  const { storage } = await open(task.backend);
  const flow = makeFlow(storage, task.backend.tokenUrl, task.keys);
  const keyNames = names(task.keys);
  const due = Float64Array.from({ length: task.keys }, (_, i) => dueAt(i, task.window));
  const seen = new Uint8Array(task.keys);
  const lastStart = new Float64Array(task.keys);
  const lastEnd = new Float64Array(task.keys);
  const classes = { cached: emptyClass(), miss: emptyClass(), due: emptyClass() };
  const errors: Record<string, number> = {};
  const interval = 1000 / task.ratePerSecond;
  const t0 = Date.now();
  const cpuStart = process.cpuUsage();
  let requests = 0;
  for (let i = 0; ; i += 1) {
    const target = t0 + i * interval;
    if (target >= task.endAt) break;
    const wait = target - Date.now();
    if (wait > 0) await sleep(wait);
    const k = pick(task.keys);
    const start = Date.now();
    const reads = storage.reads;
    const calls = storage.calls;
    const t = process.hrtime.bigint();
    try {
      await flow.forKey(keyNames[k]!).getAccessToken();
    } catch (error) {
      const name = (error as Error).name ?? 'Error';
      errors[name] = (errors[name] ?? 0) + 1;
    }
    const end = Date.now();
    // What this process's cache held for the key: nothing, a fresh token, or one that fell due
    // since. The flow decided somewhere between start and end: a request that ended less than
    // 20 ms before the due time certainly found the token fresh; a later one may have found it due.
    const nearDue = end >= due[k]! - 20;
    const kind = seen[k] === 0 ? (nearDue ? 'due' : 'miss') : lastStart[k]! < due[k]! && nearDue ? 'due' : 'cached';
    const stats = classes[kind];
    stats.latencyUs.push(Math.round(Number(process.hrtime.bigint() - t) / 100) / 10);
    stats.n += 1;
    stats.reads += storage.reads - reads;
    stats.calls += storage.calls - calls;
    seen[k] = 1;
    lastStart[k] = start;
    lastEnd[k] = end;
    requests += 1;
  }
  const used = process.cpuUsage(cpuStart);
  return { requests, cpuUs: used.user + used.system, classes, errors, lastStart: Array.from(lastStart), lastEnd: Array.from(lastEnd) };
}

/** A store that makes each key's credentials when asked, keeping none: only the flow's cache stays in the heap. */
class GeneratedStorage implements Storage {
  get(key = ''): Promise<Credentials | undefined> {
    return Promise.resolve(credentialsDueAt(Number(key.slice(5)), Date.now() + 3_000_000));
  }
  async read(key?: string): Promise<StoredRecord | undefined> {
    const credentials = await this.get(key);
    return credentials && { credentials, revision: 1 };
  }
  save(): Promise<number> {
    return Promise.reject(new Error('not used'));
  }
  delete(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  keys(): Promise<string[]> {
    return Promise.resolve([]);
  }
  withLock<T>(): Promise<T> {
    return Promise.reject(new Error('not used'));
  }
  putPending(): Promise<void> {
    return Promise.reject(new Error('not used'));
  }
  takePending(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
}

/** Heap per cached key, and forKey(key).getAccessToken() on cached keys against its baselines. */
async function micro(task: Extract<Task, { kind: 'micro' }>): Promise<MicroResult> {
  const keyNames = names(task.keys);
  const flow = makeFlow(new GeneratedStorage(), 'http://127.0.0.1:9/token', task.keys, 'own');
  await flow.getAccessToken();
  const before = snapshot();
  for (const name of keyNames) await flow.forKey(name).getAccessToken();
  const grown = growth(before, snapshot());

  const order = Uint32Array.from({ length: task.calls }, () => pick(task.keys));
  const tokens = new Map(keyNames.map((name) => [name, `token-of-${name}`]));
  const contenders = {
    forKey: async () => {
      for (let i = 0; i < task.calls; i += 1) await flow.forKey(keyNames[order[i]!]!).getAccessToken();
    },
    hot: async () => {
      const name = keyNames[1]!;
      for (let i = 0; i < task.calls; i += 1) await flow.forKey(name).getAccessToken();
    },
    own: async () => {
      for (let i = 0; i < task.calls; i += 1) await flow.getAccessToken();
    },
    map: async () => {
      for (let i = 0; i < task.calls; i += 1) await Promise.resolve(tokens.get(keyNames[order[i]!]!));
    },
  };
  await interleaved(contenders, 2);
  const samples = await interleaved(contenders, task.rounds);
  const ns = (wall: readonly number[]) => (median(wall) * 1e6) / task.calls;
  return {
    heapPerKey: grown.objects / task.keys,
    heapPerKeyRaw: grown.heap / task.keys,
    forKeyNs: ns(samples.forKey.wall),
    ownNs: ns(samples.own.wall),
    hotNs: ns(samples.hot.wall),
    mapNs: ns(samples.map.wall),
  };
}

async function answer(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'warm':
      return warm(task.backend, task.keys);
    case 'cpu':
      return cpu(task);
    case 'window':
      return window(task);
    case 'micro':
      return micro(task);
  }
}

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line.trim() === '') continue;
  try {
    process.stdout.write(`${JSON.stringify({ ok: (await answer(JSON.parse(line) as Task)) ?? null })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: String((error as Error).stack ?? error) })}\n`);
  }
}
for (const { storage, raw } of opened.values()) {
  await storage.close();
  await raw.disconnect().catch(() => undefined);
}

// One instance of an application sharing a credential: a real child process that opens the shared
// store, builds a flow and an OAuth2APIRequest, and calls the local server's API from `lanes`
// concurrent loops until its time is up. Driven by ./fleet.ts over stdin and stdout, one JSON
// object a line: it takes {"type":"task",…}, answers {"type":"ready"} once the store is open,
// starts on "go", may say {"type":"holding"} (told to hang), and ends with {"type":"result",…};
// then it waits for the next task, and exits when stdin closes.
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import axios from 'axios';
import { OAuth2APIRequest, OAuth2AuthorizationFlow, type Credentials, type PendingAuthorization, type RequiredParams, type Storage } from '@oauthflow/core';
import { openBackend, type BackendSpec } from './backends.js';

export interface WorkerTask {
  type: 'task';
  backend: BackendSpec;
  required: RequiredParams;
  api: string;
  key: string;
  refreshSkewSeconds: number;
  /** How long to keep starting requests, from "go". */
  durationMs: number;
  /** Concurrent request loops. */
  lanes: number;
  /** Mean pause between a lane's requests, ms (jittered ±50 %). */
  paceMs: number;
  /**
   * `lock`: at its first read of the store (or lock) `afterMs` or later after "go" — when its
   * credential goes stale — this process takes the credential's lock, says "holding" and never lets
   * go (the test SIGKILLs it). `save`: at `afterMs` it forces a refresh, and hangs inside it once
   * the token endpoint has answered, before the rotated credential is saved.
   */
  hang?: { where: 'lock' | 'save'; afterMs: number };
  /** The flows' inFlightWaitMs (default: the flow's). */
  inFlightWaitMs?: number;
}

/** Finish an authorization another instance started: exchange `redirect` (its state says which). */
export interface ExchangeTask {
  type: 'exchange';
  backend: BackendSpec;
  required: RequiredParams;
  redirect: string;
}

export interface ExchangeResult {
  type: 'exchanged';
  /** `ok`, or the error's class name. */
  outcome: string;
  message?: string;
}

export interface WorkerResult {
  type: 'result';
  ok: number;
  failed: number;
  /** Failures by `name: message`, for the assertion message. */
  errors: Record<string, number>;
  /** Credentials this process obtained itself ('tokens' events): its refreshes. */
  refreshes: number;
  /** Request latency percentiles, ms (waiting for a refresh or a lock included). */
  latency: { p50: number; p99: number; max: number };
}

const report = (message: object): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};
const inbox: string[] = [];
let wake: (() => void) | undefined;
let closed = false;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  inbox.push(line.trim());
  wake?.();
});
lines.on('close', () => {
  closed = true;
  wake?.();
});
async function next(): Promise<string | undefined> {
  while (inbox.length === 0 && !closed)
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  return inbox.shift();
}

for (let line = await next(); line !== undefined; line = await next()) {
  if (line === '') continue;
  const task = JSON.parse(line) as WorkerTask | ExchangeTask;
  report(task.type === 'task' ? await run(task) : await exchange(task));
}

async function exchange(task: ExchangeTask): Promise<ExchangeResult> {
  const storage = await openBackend(task.backend);
  const flow = new OAuth2AuthorizationFlow(task.required, { access_type: 'offline' }, { grant_type: 'authorization_code' }, { storage });
  report({ type: 'ready', pid: process.pid });
  if ((await next()) !== 'go') throw new Error('expected "go"');
  try {
    await flow.exchangeCode(task.redirect);
    return { type: 'exchanged', outcome: 'ok' };
  } catch (error) {
    return { type: 'exchanged', outcome: (error as Error).name, message: (error as Error).message };
  } finally {
    await storage.close?.();
  }
}

async function run(task: WorkerTask): Promise<WorkerResult> {
  const inner = await openBackend(task.backend);
  let start = 0;
  const armed = (): boolean => task.hang !== undefined && start > 0 && Date.now() - start >= task.hang.afterMs;
  const storage: Storage = task.hang === undefined ? inner : hanging(inner, task.hang.where, armed);

  const flow = new OAuth2AuthorizationFlow(
    task.required,
    { access_type: 'offline' },
    { grant_type: 'authorization_code' },
    {
      storage,
      key: task.key,
      refreshSkewSeconds: task.refreshSkewSeconds,
      ...(task.inFlightWaitMs === undefined ? {} : { inFlightWaitMs: task.inFlightWaitMs }),
    },
  );
  let refreshes = 0;
  flow.on('tokens', () => {
    refreshes += 1;
  });
  // Idle keep-alive sockets are closed by this side after 1 s, well before the server's 5 s:
  // otherwise a lane that pauses about 5 s may reuse a socket the server is closing, an
  // ECONNRESET that has nothing to do with credentials.
  const agent = new Agent({ keepAlive: true, timeout: 1000 });
  const api = new OAuth2APIRequest(flow, { axios: axios.create({ httpAgent: agent }) });

  report({ type: 'ready', pid: process.pid });
  if ((await next()) !== 'go') throw new Error('expected "go"');
  start = Date.now();
  // To die between the server's rotation and the save, this process must be the one refreshing.
  if (task.hang?.where === 'save')
    setTimeout(() => {
      flow.refresh().catch(() => undefined);
    }, task.hang.afterMs);

  const result: WorkerResult = { type: 'result', ok: 0, failed: 0, errors: {}, refreshes: 0, latency: { p50: 0, p99: 0, max: 0 } };
  const latencies: number[] = [];
  const deadline = start + task.durationMs;
  const lane = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const sent = performance.now();
      try {
        await api.request(task.api);
        result.ok += 1;
        latencies.push(performance.now() - sent);
      } catch (error) {
        result.failed += 1;
        const name = `${(error as Error).name}: ${(error as Error).message}`;
        result.errors[name] = (result.errors[name] ?? 0) + 1;
      }
      // Jittered, so the lanes do not march in step.
      if (task.paceMs > 0) await new Promise((resolve) => setTimeout(resolve, task.paceMs * (0.5 + Math.random())));
    }
  };
  await Promise.all(Array.from({ length: task.lanes }, lane));
  result.refreshes = refreshes;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  result.latency = { p50: at(0.5), p99: at(0.99), max: at(1) };
  agent.destroy();
  await storage.close?.();
  return result;
}

/**
 * A storage that, once `armed()`, hangs forever holding the credential's lock. `lock`: at its next
 * read or lock — a process that reads the store when its credential goes stale, takes the lock and
 * dies there, whether or not it was the first to notice. `save`: inside a refresh, once the token
 * endpoint has answered, before the rotated credential is saved.
 */
function hanging(storage: Storage, where: 'lock' | 'save', armed: () => boolean): Storage {
  let hung = false;
  const hang = (): Promise<never> => {
    hung = true;
    report({ type: 'holding' });
    return new Promise<never>(() => {});
  };
  const hangInLock = (key: string): Promise<never> => storage.withLock(key, hang);
  const due = (): boolean => where === 'lock' && !hung && armed();
  let inLock = false;
  return {
    get: (key) => (due() ? hangInLock(key ?? 'default') : storage.get(key)),
    read: (key) => (due() ? hangInLock(key ?? 'default') : storage.read(key)),
    save: async (credentials: Credentials, key, options) => {
      // The refresh's answer (a save without an in-flight mark), not the mark before the request.
      if (where === 'save' && inLock && !hung && armed() && options?.refreshing === undefined) return hang();
      return storage.save(credentials, key, options);
    },
    delete: (key, options) => storage.delete(key, options),
    keys: () => storage.keys(),
    withLock: (key, fn) =>
      due()
        ? hangInLock(key)
        : storage.withLock(key, async (lock) => {
            inLock = true;
            try {
              return await fn(lock);
            } finally {
              inLock = false;
            }
          }),
    putPending: (state: string, pending: PendingAuthorization, ttl: number) => storage.putPending(state, pending, ttl),
    takePending: (state: string) => storage.takePending(state),
    close: () => storage.close?.() ?? Promise.resolve(),
  };
}

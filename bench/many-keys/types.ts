/** Where a run's credentials live, and the raw store of the same backend for the baseline. */
export interface Backend {
  name: string;
  /** openStorage() URI. */
  uri: string;
  raw: { kind: 'redis'; url: string; namespace: string } | { kind: 'redis-cluster'; rootNodes: string[]; namespace: string } | { kind: 'sqlite'; path: string };
  tokenUrl: string;
}

/** How a request gets its token in the CPU comparison. */
export type CpuMode = 'oauthflow' | 'flow-per-request' | 'raw';

export type Task =
  | { kind: 'warm'; backend: Backend; keys: number }
  | { kind: 'cpu'; backend: Backend; mode: CpuMode; keys: number; requests: number }
  | { kind: 'window'; backend: Backend; keys: number; window: { start: number; ms: number; seed: number }; endAt: number; ratePerSecond: number }
  | { kind: 'micro'; keys: number; calls: number; rounds: number };

export interface CpuResult {
  requests: number;
  cpuUs: number;
  storeCalls: number;
}

/**
 * Requests of one kind, by what the process's cache held for the key when asked: a fresh token
 * (`cached`), nothing while the stored token was fresh (`miss`), or a token due for a refresh (`due`).
 */
export interface ClassStats {
  n: number;
  /** Store reads (get, read) they made. */
  reads: number;
  /** Every store call: reads, writes, locks. */
  calls: number;
  latencyUs: number[];
}

export interface WindowResult {
  requests: number;
  cpuUs: number;
  classes: { cached: ClassStats; miss: ClassStats; due: ClassStats };
  errors: Record<string, number>;
  /** Per key index: when this process last asked for it (epoch ms; 0: never). */
  lastStart: number[];
  /** Per key index: when this process's last request for it ended. */
  lastEnd: number[];
}

export interface MicroResult {
  /** Heap objects (compiled code left out) per cached key, bytes. */
  heapPerKey: number;
  /** V8 heapUsed per cached key, bytes. */
  heapPerKeyRaw: number;
  forKeyNs: number;
  ownNs: number;
  /** forKey(key).getAccessToken() on one key over and over: the code path without memory misses. */
  hotNs: number;
  mapNs: number;
}

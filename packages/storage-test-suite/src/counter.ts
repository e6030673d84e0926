import { setTimeout as sleep } from 'node:timers/promises';
import { Credentials, type Storage } from '@oauthflow/core';
import type { Interval } from './types.js';

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * A deliberately racy read-modify-write of a counter kept as credentials: run under a lock it
 * never loses an update; run without one it does. Returns when the caller held the lock.
 */
export async function incrementCounter(storage: Storage, key: string, holdMs: number): Promise<Interval> {
  const start = now();
  const current = await readCounter(storage, key);
  await sleep(holdMs);
  await storage.save(new Credentials({ accessToken: `count-${current + 1}` }), key);
  return { start, end: now() };
}

/** The counter's value, 0 when it was never written. */
export async function readCounter(storage: Storage, key: string): Promise<number> {
  const stored = await storage.get(key);
  return stored === undefined ? 0 : Number(stored.accessToken.slice('count-'.length));
}

/** Pairs of intervals that overlap: holders that were inside the lock at the same time. */
export function overlaps(intervals: readonly Interval[]): Array<[Interval, Interval]> {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const found: Array<[Interval, Interval]> = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.end) found.push([previous, current]);
  }
  return found;
}

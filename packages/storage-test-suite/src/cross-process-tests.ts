import { setTimeout as sleep } from 'node:timers/promises';
import type { Storage } from '@oauthflow/core';
import { afterEach, describe, expect, it } from 'vitest';
import { incrementCounter, now, overlaps, readCounter } from './counter.js';
import { spawnHolder, type Holder } from './holder-process.js';
import type { CrossProcessOptions, HolderTask } from './types.js';

const ITERATIONS = 4;
const HOLD_MS = 15;

/** The suite's tests with real child processes sharing the backend. */
export function crossProcessTests(options: CrossProcessOptions, freshName: () => string, open: (name: string) => Promise<Storage>): void {
  const children: Holder[] = [];
  const holder = (task: Omit<HolderTask, 'module'>): Holder => {
    const spawned = spawnHolder({ module: options.module, ...task });
    children.push(spawned);
    return spawned;
  };

  describe('across processes', () => {
    afterEach(() => {
      for (const child of children.splice(0)) if (child.child.exitCode === null) child.child.kill('SIGKILL');
    });

    it('two holders never overlap: 2 child processes and this one increment a shared counter', async () => {
      const name = freshName();
      const task = { name, lock: 'counter', mode: 'count', iterations: ITERATIONS, counterKey: 'counter', holdMs: HOLD_MS } as const;
      const holders = [holder(task), holder(task)];
      const storage = await open(name);
      await Promise.all(holders.map((h) => h.ready));
      for (const h of holders) h.go();
      const mine = [];
      for (let i = 0; i < ITERATIONS; i += 1) {
        mine.push(await storage.withLock('counter', () => incrementCounter(storage, 'counter', HOLD_MS)));
      }
      const codes = await Promise.all(holders.map((h) => h.exited));
      // Exit code 0 without process.exit(): close() left no handle open in the child.
      expect(codes, holders.map((h) => h.stderr()).join('\n')).toEqual([0, 0]);
      const intervals = [...mine, ...holders.flatMap((h) => h.intervals)];
      expect(intervals).toHaveLength(3 * ITERATIONS);
      expect(overlaps(intervals)).toEqual([]);
      expect(await readCounter(storage, 'counter')).toBe(3 * ITERATIONS);
    });

    it("takes over a lock whose holder was killed with SIGKILL, after the holder's lease", async () => {
      const name = freshName();
      const h = holder({ name, lock: 'orphan', mode: 'hold', iterations: 0, counterKey: 'unused', holdMs: 0 });
      const storage = await open(name);
      await h.ready;
      h.go();
      await h.acquired;
      let killedAt = Number.POSITIVE_INFINITY;
      const waiting = storage.withLock('orphan', async () => now() - killedAt);
      await sleep(300);
      killedAt = now();
      h.child.kill('SIGKILL');
      const waited = await waiting;
      await h.exited;
      // Negative when this process got the lock while the child was alive: no exclusion.
      expect(waited).toBeGreaterThanOrEqual(0);
      expect(waited).toBeLessThan(options.takeoverMs);
    });
  });
}

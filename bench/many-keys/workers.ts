import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { BENCH_DIR, ROOT_DIR } from '../lib/paths.js';
import { tsNodeArgs } from '../lib/spawn.js';
import type { Task } from './types.js';

type Reply = { ok: unknown } | { error: string };

/** The bench's worker processes (bench/many-keys/worker.ts), started once, one task at a time each. */
export class Workers {
  readonly #children: Array<ChildProcessByStdio<Writable, Readable, null>> = [];
  readonly #waiting: Array<Array<(reply: Reply) => void>> = [];
  readonly ready: Promise<unknown>;

  constructor(size: number) {
    const ready: Array<Promise<void>> = [];
    for (let i = 0; i < size; i += 1) {
      const child = spawn(process.execPath, tsNodeArgs(resolve(BENCH_DIR, 'many-keys/worker.ts'), [], ['--expose-gc']), {
        cwd: ROOT_DIR,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const waiting: Array<(reply: Reply) => void> = [];
      const lines = createInterface({ input: child.stdout });
      ready.push(
        new Promise((done) =>
          lines.once('line', () => {
            lines.on('line', (line) => waiting.shift()?.(JSON.parse(line) as Reply));
            done();
          }),
        ),
      );
      this.#children.push(child);
      this.#waiting.push(waiting);
    }
    this.ready = Promise.all(ready);
  }

  get size(): number {
    return this.#children.length;
  }

  /** Gives `task` to worker `index`. */
  ask<T>(index: number, task: Task): Promise<T> {
    return new Promise<T>((done, fail) => {
      this.#waiting[index]!.push((reply) => ('ok' in reply ? done(reply.ok as T) : fail(new Error(`worker ${index}: ${reply.error}`))));
      this.#children[index]!.stdin.write(`${JSON.stringify(task)}\n`);
    });
  }

  /** Gives `task` to every worker at once. */
  all<T>(task: Task): Promise<T[]> {
    return Promise.all(this.#children.map((_, index) => this.ask<T>(index, task)));
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise((done) => {
            child.once('close', done);
            child.stdin.end();
          }),
      ),
    );
  }
}

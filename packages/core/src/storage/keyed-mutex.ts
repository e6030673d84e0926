/**
 * In-process mutual exclusion by name: callers of `run(name, fn)` with the same name run one at a
 * time, in arrival order. Used by every Storage in front of its cross-process lock, so a process
 * never competes with itself for a file or a Redis key.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.#tails.set(name, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // The last waiter cleans up, so the map holds only names in use.
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }
}

/** Concurrent calls with the same name share one run of the work (and its result or error). */
export class SingleFlight {
  readonly #inFlight = new Map<string, Promise<unknown>>();

  /** True when nothing runs. */
  get idle(): boolean {
    return this.#inFlight.size === 0;
  }

  run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const existing = this.#inFlight.get(name);
    if (existing) return existing as Promise<T>;
    const running = work().finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, running);
    return running;
  }
}

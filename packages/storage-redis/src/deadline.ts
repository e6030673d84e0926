/**
 * Bounds Redis calls in time. node-redis times a command out only while it waits to be written;
 * once sent to a server that stopped answering (frozen, or a host gone without a TCP reset), it
 * would wait for minutes. A watchdog, ticking only while calls are in flight, drops the client
 * when one is overdue: that fails every call in flight, and the next call connects afresh.
 * (One interval timer rather than a timer per call: a call costs a Set insertion.)
 */
export class Deadline {
  readonly #inFlight = new Set<{ started: number; overdue: boolean }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly ms: number,
    private readonly onMissed: () => void,
  ) {}

  async run<T>(operation: () => Promise<T>): Promise<T> {
    const call = { started: Date.now(), overdue: false };
    this.#inFlight.add(call);
    this.#timer ??= setInterval(() => this.#check(), Math.max(25, Math.floor(this.ms / 10))).unref();
    try {
      return await operation();
    } catch (error) {
      throw call.overdue ? new Error(`Redis did not answer within ${this.ms} ms`) : error;
    } finally {
      this.#inFlight.delete(call);
    }
  }

  #check(): void {
    if (this.#inFlight.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = Date.now();
    let missed = false;
    for (const call of this.#inFlight) {
      if (!call.overdue && now - call.started >= this.ms) call.overdue = missed = true;
    }
    if (missed) this.onMissed();
  }
}

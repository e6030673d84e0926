/** Timing helpers: every contender runs once per round, so machine noise hits them alike. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median absolute deviation relative to the median, as a percentage: how noisy a series was. */
export function spreadPercent(values: readonly number[]): number {
  const m = median(values);
  return (median(values.map((v) => Math.abs(v - m))) / m) * 100;
}

/** Milliseconds taken by `fn`. */
export async function timeMs(fn: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One contender's per-round measurements, in milliseconds. */
export interface Series {
  /** Wall-clock time: what a caller waits. */
  wall: number[];
  /** This process's CPU time (user + system): what the client spends, whoever else shares the machine. */
  cpu: number[];
}

/**
 * Runs every contender once per round, in a new random order each round: a contender's batch
 * pays for the garbage and sockets its predecessor left, so no one may always follow the same
 * neighbour. Returns each one's per-round times.
 */
export async function interleaved<K extends string>(contenders: Record<K, () => Promise<void>>, rounds: number): Promise<Record<K, Series>> {
  const names = Object.keys(contenders) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, { wall: [], cpu: [] } as Series])) as Record<K, Series>;
  for (let round = 0; round < rounds; round += 1) {
    for (const name of shuffled(names)) {
      const cpu = process.cpuUsage();
      samples[name].wall.push(await timeMs(contenders[name]));
      const used = process.cpuUsage(cpu);
      samples[name].cpu.push((used.user + used.system) / 1000);
    }
  }
  return samples;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Calls `fn` `total` times, at most `concurrency` at once. */
export async function pool(total: number, concurrency: number, fn: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started += 1;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

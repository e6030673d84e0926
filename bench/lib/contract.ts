/**
 * The contract every bench file follows, so `bench/run.ts` can collect one table:
 *
 *   export async function run(options: BenchOptions): Promise<BenchRow[]>
 *   await runIfMain(import.meta.url, run);   // from ./lib/standalone.js: runnable on its own too
 *
 * A bench measures oauthflow and its baseline in the same process and run, interleaved: the
 * machines are shared and noisy, so absolute times drift while ratios hold.
 */

/** What a bench is asked to do. */
export interface BenchOptions {
  /** CI's short version: same code paths, fewer iterations (CI checks benches run, not numbers). */
  quick: boolean;
}

/** One line of the results table. */
export interface BenchRow {
  /** What was measured, e.g. `request overhead, sequential (MemoryStorage)`. */
  name: string;
  /** Unit of `oauthflow` and `baseline`, e.g. `µs/req`, `ns/op`, `refreshes`, `MB`. */
  unit: string;
  /** oauthflow's value (a median when timed). */
  oauthflow: number;
  /** The baseline's value, measured in the same run; omitted when there is none. */
  baseline?: number;
  /** What the baseline is, e.g. `raw axios`. */
  baselineName?: string;
  /** Defaults to oauthflow / baseline. */
  ratio?: number;
  /** The goal in words, e.g. `≤ 1.02×`. */
  goal?: string;
  /** Whether the goal is met; undefined for informational rows. */
  pass?: boolean;
  /** Anything a reader needs to interpret the row (counts, spreads, why it was skipped). */
  note?: string;
}

/** The function each bench file exports as `run`. */
export type BenchRun = (options: BenchOptions) => Promise<BenchRow[]>;

/** A row's ratio: the explicit one, else oauthflow / baseline. */
export function ratioOf(row: BenchRow): number | undefined {
  if (row.ratio !== undefined) return row.ratio;
  if (row.baseline === undefined || row.baseline === 0) return undefined;
  return row.oauthflow / row.baseline;
}

/**
 * `pnpm bench [--quick]`: runs every benchmark, each in its own process, and prints one table
 * (also written to bench/results.json). Goals missed are reported, not fatal; a bench that
 * crashes or times out makes the exit code 1, so CI's `--quick` run catches a broken bench.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchRow } from './lib/contract.js';
import { describeMachine } from './lib/machine.js';
import { BENCH_DIR } from './lib/paths.js';
import { runTs } from './lib/spawn.js';
import { parseOptions } from './lib/standalone.js';
import { formatTable, type LabelledRow } from './lib/table.js';

/** In table order. storage.ts and cli-start.ts are written by the storage and CLI work. */
const BENCHES = [
  'hot-path.ts',
  'request-pipeline.ts',
  'request-overhead.ts',
  'request-layers.ts',
  'refresh-amplification.ts',
  'memory.ts',
  'storage.ts',
  'cli-start.ts',
  'refresh.ts',
  'many-keys.ts',
  'youtube-upload.ts',
];

const EXPORTS_RUN = /export\s+(async\s+)?function\s+run\b|export\s+(const|let)\s+run\b|export\s*\{[^}]*\brun\b/;

const options = parseOptions();
const timeoutMs = options.quick ? 90_000 : 20 * 60_000;
const started = Date.now();
const machine = describeMachine();
const rows: LabelledRow[] = [];
const notes: string[] = [];
let broken = 0;
const scratch = await mkdtemp(join(tmpdir(), 'oauthflow-bench-'));

for (const file of BENCHES) {
  const path = resolve(BENCH_DIR, file);
  if (!existsSync(path)) {
    notes.push(`${file}: not there yet, skipped`);
    continue;
  }
  process.stderr.write(`▶ ${file}${options.quick ? ' --quick' : ''}\n`);
  const quickFlag = options.quick ? ['--quick'] : [];
  if (!EXPORTS_RUN.test(await readFile(path, 'utf8'))) {
    // Not on the contract yet: run it as a script so it still runs, and say why it has no rows.
    const result = await runTs(path, quickFlag, { timeoutMs, echo: true });
    const failed = result.code !== 0;
    broken += failed ? 1 : 0;
    notes.push(
      `${file}: does not export run(), so it ran as a script (${seconds(result.ms)})${failed ? `, and FAILED (${why(result)})` : ''}; its output is above, not in the table`,
    );
    continue;
  }
  const out = join(scratch, `${file}.json`);
  const result = await runTs(resolve(BENCH_DIR, 'lib/child.ts'), [path, '--out', out, ...quickFlag], { timeoutMs });
  if (result.code !== 0 || !existsSync(out)) {
    broken += 1;
    notes.push(`${file}: FAILED (${why(result)}) after ${seconds(result.ms)}`);
    continue;
  }
  const fileRows = JSON.parse(await readFile(out, 'utf8')) as BenchRow[];
  rows.push(...fileRows.map((row) => ({ ...row, bench: file })));
  notes.push(`${file}: ${seconds(result.ms)}`);
}
await rm(scratch, { recursive: true, force: true });
// A bench file nobody listed would silently never run: say so.
for (const file of (await readdir(BENCH_DIR)).filter((name) => name.endsWith('.ts') && name !== 'run.ts' && !BENCHES.includes(name))) {
  notes.push(`${file}: not listed in bench/run.ts, not run`);
}

const total = seconds(Date.now() - started);
const missed = rows.filter((row) => row.pass === false);
console.log(`\n# ${machine}${options.quick ? ' — quick run' : ''}\n`);
console.log(formatTable(rows));
const verdict = missed.length === 0 ? 'every goal in the table met' : `${missed.length} goal(s) missed: ${missed.map((row) => row.name).join('; ')}`;
console.log(`\n${notes.map((note) => `- ${note}`).join('\n')}\n- total ${total}; ${verdict}${broken > 0 ? `; ${broken} bench(es) FAILED to run` : ''}`);
await writeFile(
  resolve(BENCH_DIR, 'results.json'),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      quick: options.quick,
      total,
      rows,
      notes,
    },
    null,
    2,
  )}\n`,
);
if (broken > 0) process.exitCode = 1;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function why(result: { code: number | null; signal: string | null; timedOut: boolean }): string {
  return result.timedOut ? `timed out after ${seconds(timeoutMs)}` : `exit ${result.code ?? result.signal}`;
}

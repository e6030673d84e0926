import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchOptions, BenchRun } from './contract.js';
import { describeMachine } from './machine.js';
import { formatTable } from './table.js';

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === url;
}

/** `--quick` on the command line. */
export function parseOptions(argv: readonly string[] = process.argv.slice(2)): BenchOptions {
  return { quick: argv.includes('--quick') };
}

/**
 * Makes a bench file runnable on its own: `tsx --conditions=@oauthflow/source bench/x.ts [--quick]` prints
 * its table. Does nothing when the file is imported (by the runner).
 */
export async function runIfMain(url: string, run: BenchRun): Promise<void> {
  if (!isMain(url)) return;
  const options = parseOptions();
  console.log(`# ${describeMachine()}${options.quick ? ' (quick)' : ''}`);
  try {
    const rows = await run(options);
    console.log(formatTable(rows));
    const out = process.argv.indexOf('--json');
    if (out !== -1 && process.argv[out + 1]) await writeFile(process.argv[out + 1]!, JSON.stringify(rows, null, 2));
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}

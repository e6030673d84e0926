/**
 * The runner's child: `child.ts <bench file> --out <rows.json> [--quick]` imports one bench file,
 * calls its `run()` and writes the rows. Each bench gets a fresh process, so one bench's heap,
 * JIT state and sockets never weigh on the next one's numbers.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRun } from './contract.js';
import { parseOptions } from './standalone.js';

const [file, ...rest] = process.argv.slice(2);
const outIndex = rest.indexOf('--out');
const out = outIndex === -1 ? undefined : rest[outIndex + 1];
if (file === undefined || out === undefined) throw new Error('usage: child.ts <bench file> --out <rows.json> [--quick]');

const module = (await import(pathToFileURL(resolve(file)).href)) as { run?: BenchRun };
if (typeof module.run !== 'function') throw new Error(`${file} does not export run()`);
const rows = await module.run(parseOptions(rest));
await writeFile(out, JSON.stringify(rows));
// Benches close what they open; this only guards the runner against a forgotten socket or timer.
process.exit(0);

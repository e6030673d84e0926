import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/ */
export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root: children run there, so `--import tsx` resolves. */
export const ROOT_DIR = resolve(BENCH_DIR, '..');

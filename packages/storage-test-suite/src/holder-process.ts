import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HolderTask, Interval } from './types.js';

const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
const holderScript = fileURLToPath(new URL(`./lock-holder.${extension}`, import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A lock-holder child process, driven by the suite. */
export interface Holder {
  readonly child: ChildProcess;
  /** Resolves once the child opened its storage. */
  readonly ready: Promise<void>;
  /** Resolves once the child reports it holds the lock (mode "hold"). */
  readonly acquired: Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Intervals the child reported holding the lock (mode "count"). */
  readonly intervals: Interval[];
  /** Tells the child to start. */
  go(): void;
  /** What the child wrote to stderr, for failure messages. */
  stderr(): string;
}

// Inside the oauthflow workspace the suite runs from its TypeScript sources, and so must the
// children's imports of @oauthflow/*; installed from npm it runs from dist and needs no condition.
const conditions = extension === 'ts' ? ['--conditions=@oauthflow/source'] : [];

/**
 * Spawns `node --import tsx lock-holder <task>`: tsx loads the adapter's module, which may be
 * TypeScript.
 */
export function spawnHolder(task: HolderTask): Holder {
  const child = spawn(process.execPath, ['--import', tsxLoader, ...conditions, holderScript, JSON.stringify(task)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const intervals: Interval[] = [];
  let onReady!: () => void;
  let onAcquired!: () => void;
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  const acquired = new Promise<void>((resolve) => {
    onAcquired = resolve;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: { type?: string; start?: number; end?: number };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return; // Not ours: something the storage module printed.
    }
    if (message.type === 'ready') onReady();
    else if (message.type === 'acquired') onAcquired();
    else if (message.type === 'interval') intervals.push({ start: message.start!, end: message.end! });
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  // A child that dies early must fail the wait, not leave the test hanging.
  const orExit = (promise: Promise<void>, what: string): Promise<void> => {
    const raced = Promise.race([
      promise,
      exited.then((code) => {
        throw new Error(`lock holder exited (${code}) before it ${what}:\n${errors}`);
      }),
    ]);
    raced.catch(() => undefined); // Awaited by the test that needs it; unused ones must not be unhandled.
    return raced;
  };
  return {
    child,
    ready: orExit(ready, 'was ready'),
    acquired: orExit(acquired, 'held the lock'),
    exited,
    intervals,
    go: () => {
      child.stdin?.write('go\n');
    },
    stderr: () => errors,
  };
}

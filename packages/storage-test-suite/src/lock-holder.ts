// A child process of the conformance suite: opens a storage from a module and takes a lock in it.
// argv[2] is a HolderTask as JSON; it reports on stdout, one JSON object a line, and waits for
// "go" on stdin before it starts. It never calls process.exit: once done it closes the storage,
// and the process must then end on its own (a storage whose close() leaves handles fails here).
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Storage } from '@oauthflow/core';
import { incrementCounter } from './counter.js';
import type { HolderTask, StorageModule } from './types.js';

const task = JSON.parse(process.argv[2] ?? '{}') as HolderTask;
const report = (message: object): void => {
  process.stdout.write(`${JSON.stringify(message)}\n`);
};

const module = (await import(pathToFileURL(task.module).href)) as StorageModule;
const storage: Storage = await module.createStorage(task.name);
const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) =>
  lines.on('line', (line) => {
    if (line.trim() === 'go') resolve();
  }),
);
report({ type: 'ready' });
await go;

if (task.mode === 'hold') {
  // Take the lock and never give it back: the parent kills this process with SIGKILL.
  await storage.withLock(task.lock, async () => {
    report({ type: 'acquired' });
    await new Promise(() => {});
  });
} else {
  for (let i = 0; i < task.iterations; i += 1) {
    const interval = await storage.withLock(task.lock, () => incrementCounter(storage, task.counterKey, task.holdMs));
    report({ type: 'interval', ...interval });
  }
  await storage.close?.();
  lines.close();
  report({ type: 'done' });
}

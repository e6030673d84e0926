import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { BENCH_DIR, ROOT_DIR } from './paths.js';
import { tsNodeArgs } from './spawn.js';

/** A running {@link ./http-target-server.ts}. */
export interface HttpTarget {
  /** e.g. `http://127.0.0.1:PORT` */
  origin: string;
  /** Stops the server process. */
  close(): Promise<void>;
}

/** Starts the API server in a child process. */
export async function startHttpTarget(): Promise<HttpTarget> {
  const child = spawn(process.execPath, tsNodeArgs(resolve(BENCH_DIR, 'lib/http-target-server.ts')), {
    cwd: ROOT_DIR,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const firstLine = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout }).once('line', done);
    child.once('exit', (code) => fail(new Error(`the HTTP target exited (${code}) before listening`)));
  });
  const { port } = JSON.parse(firstLine) as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

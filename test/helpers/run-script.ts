import { spawn, type ChildProcessWithoutNullStreams, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** A child process whose output is collected and can be waited on. */
export interface WatchedProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Everything printed so far on stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (of `stream`, or both). */
  waitFor(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process ends. */
  exit: Promise<number | null>;
}

/** Spawns `command` and collects what it prints. */
export function spawnWatched(command: string, args: readonly string[], options: SpawnOptions): WatchedProcess {
  const child = spawn(command, args, options) as ChildProcessWithoutNullStreams;
  const text = { stdout: '', stderr: '', both: '' };
  const listeners = new Set<() => void>();
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      text[stream] += chunk.toString();
      text.both += chunk.toString();
      for (const listener of listeners) listener();
    });
  }
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    output: () => text.both,
    exit,
    waitFor: (pattern, { stream, timeoutMs = 20_000 } = {}) =>
      new Promise((resolve, reject) => {
        const seen = () => text[stream ?? 'both'];
        const check = () => {
          const match = seen().match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${text.both}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exit.then(() => {
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`exited before ${pattern}; output:\n${text.both}`));
          }
        });
        check();
      }),
  };
}

/** A TypeScript script of this repository running as a real child process. */
export function runScript(script: string, options: { env?: Record<string, string>; args?: string[] } = {}): WatchedProcess {
  return spawnWatched(TSX, ['--conditions=@oauthflow/source', join(ROOT, script), ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
  });
}

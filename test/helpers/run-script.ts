import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** A TypeScript script of this repository running as a real child process. */
export interface RunningScript {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far on stdout and stderr. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process ends. */
  exit: Promise<number | null>;
}

export function runScript(script: string, options: { env?: Record<string, string>; args?: string[] } = {}): RunningScript {
  const child = spawn(TSX, ['--conditions=source', join(ROOT, script), ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => { output += chunk.toString(); for (const listener of listeners) listener(); };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    output: () => output,
    exit,
    waitFor: (pattern, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) { cleanup(); resolve(match); }
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)); }, timeoutMs);
      const cleanup = () => { clearTimeout(timer); listeners.delete(check); };
      listeners.add(check);
      void exit.then(() => { if (listeners.has(check)) { cleanup(); reject(new Error(`exited before ${pattern}; output:\n${output}`)); } });
      check();
    }),
  };
}

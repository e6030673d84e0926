// Real child processes for the multi-process tests.
//
// Spawned as `node --import tsx --conditions=@oauthflow/source <script>`, one process each, rather than
// through `node_modules/.bin/tsx`: that CLI is a wrapper that runs the script in a second node
// process, so a SIGKILL sent to the pid we hold would kill the wrapper and leave the real worker
// running — still holding its lock, which would make every "kill -9 the holder" test a lie.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-script.js';

export interface Child {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far on stdout and stderr. */
  output(): string;
  /** Resolves with (and consumes) the next line of stdout that parses as JSON and has `type`. */
  message<T = Record<string, unknown>>(type: string, timeoutMs?: number): Promise<T>;
  /** Sends one line on stdin. */
  send(line: string): void;
  /** SIGKILL, by this child's own pid. */
  kill(): void;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exit: Promise<number | null>;
}

export function spawnChild(script: string, env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@oauthflow/source', join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let output = '';
  const messages: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const parsed = JSON.parse(line) as unknown;
        if (typeof parsed === 'object' && parsed !== null && 'type' in parsed) messages.push(parsed as Record<string, unknown>);
      } catch {
        // not one of ours
      }
    }
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let exited = false;
  void exit.then(() => {
    exited = true;
    for (const listener of listeners) listener();
  });

  return {
    child,
    output: () => output,
    exit,
    send: (line) => {
      child.stdin.write(`${line}\n`);
    },
    kill: () => {
      if (!exited) child.kill('SIGKILL');
    },
    message: <T>(type: string, timeoutMs = 60_000) =>
      new Promise<T>((resolve, reject) => {
        const check = (): void => {
          const index = messages.findIndex((m) => m['type'] === type);
          if (index !== -1) {
            cleanup();
            resolve(messages.splice(index, 1)[0] as T);
            return;
          }
          if (exited) {
            cleanup();
            reject(new Error(`child exited before "${type}":\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for "${type}":\n${output}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      }),
  };
}

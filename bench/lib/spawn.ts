import { spawn } from 'node:child_process';
import { ROOT_DIR } from './paths.js';

/** Options of {@link runTs}. */
export interface RunTsOptions {
  /** Extra node flags, e.g. `--expose-gc`. */
  nodeFlags?: readonly string[];
  /** Kill the child (only this one, by pid) after this long. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Copy the child's stdout to ours as it comes (its stderr always is). */
  echo?: boolean;
}

/** What a finished child left behind. */
export interface RunTsResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  ms: number;
}

/** The node arguments that run a TypeScript file with workspace packages resolved to source. */
export function tsNodeArgs(script: string, args: readonly string[] = [], nodeFlags: readonly string[] = []): string[] {
  return ['--conditions=@oauthflow/source', '--import', 'tsx', ...nodeFlags, script, ...args];
}

/** Runs a TypeScript file in a fresh Node process and waits for it. */
export function runTs(script: string, args: readonly string[] = [], options: RunTsOptions = {}): Promise<RunTsResult> {
  const started = Date.now();
  const child = spawn(process.execPath, tsNodeArgs(script, args, options.nodeFlags), {
    cwd: ROOT_DIR,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (options.echo) process.stdout.write(chunk);
  });
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, ms: Date.now() - started });
    });
  });
}

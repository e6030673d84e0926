import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run-script.js';

/** The real `oauthflow` binary, as users run it (it loads packages/cli/dist). */
export const CLI_BIN = join(ROOT, 'packages/cli/bin/oauthflow.js');

/** Fails with a clear message when the CLI was not built (pnpm test runs `tsc -b` first). */
export function assertCliBuilt(): void {
  for (const file of ['packages/cli/dist/index.js', 'packages/core/dist/index.js']) {
    if (!existsSync(join(ROOT, file))) {
      throw new Error(`${file} is missing: the CLI tests run the built binary; run \`npx tsc -b\` at the repository root first`);
    }
  }
}

/** A temporary home: HOME and every XDG directory point into it, so nothing touches the real user's files. */
export interface TempHome {
  dir: string;
  env: Record<string, string>;
}

const homes: string[] = [];

export async function tempHome(prefix = 'oauthflow-cli-'): Promise<TempHome> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  homes.push(dir);
  return {
    dir,
    env: {
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_STATE_HOME: join(dir, 'state'),
    },
  };
}

/** Removes every home {@link tempHome} made (call in afterAll). */
export async function removeTempHomes(): Promise<void> {
  await Promise.all(homes.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A running `oauthflow` process. */
export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` on stderr (where prompts and URLs go). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<CliResult>;
}

/** How a finished `oauthflow` process ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the binary with `env` on top of a cleaned environment: no inherited OAUTHFLOW_*
 * settings and no NODE_OPTIONS (vitest's source conditions must not reach the child).
 */
export function startCli(args: readonly string[], env: Record<string, string>): RunningCli {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OAUTHFLOW_') && name !== 'NODE_OPTIONS'));
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: ROOT, env: { ...base, ...env } });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); for (const listener of listeners) listener(); });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitForStderr: (pattern, timeoutMs = 20_000) => new Promise((resolve, reject) => {
      const check = () => {
        const match = stderr.match(pattern);
        if (match) { cleanup(); resolve(match); }
      };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${pattern}; stderr so far:\n${stderr}`)); }, timeoutMs);
      const cleanup = () => { clearTimeout(timer); listeners.delete(check); };
      listeners.add(check);
      void done.then(() => { if (listeners.has(check)) { cleanup(); reject(new Error(`oauthflow exited before ${pattern}; stderr:\n${stderr}\nstdout:\n${stdout}`)); } });
      check();
    }),
  };
}

/** Runs the binary to completion; stdin is closed at once. */
export async function cli(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const running = startCli(args, env);
  running.child.stdin.end();
  return running.done;
}

/** The loopback and device prompts print this; the test plays the browser with it. */
export const AUTHORIZATION_URL = /http:\/\/127\.0\.0\.1:\d+\/\S*authorize\?\S+/;

/**
 * True when something accepts TCP connections at `url`. Otherwise: under CI=true it throws;
 * elsewhere it warns loudly, naming `envVar`, so the caller can skip.
 */
export async function serviceAvailable(name: string, url: string, envVar: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port) || 6379 });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
  if (reachable) return true;
  if (process.env['CI'] === 'true') throw new Error(`${name} is not reachable at ${hostname}:${port} and CI=true requires it: start it, or set ${envVar}`);
  console.warn(`\n!!!!! SKIPPING the CLI's ${name} tests: nothing answers at ${url}. Start ${name} or set ${envVar}. Under CI=true this is a failure.\n`);
  return false;
}

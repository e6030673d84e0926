import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll } from 'vitest';
import { ROOT, spawnWatched, type WatchedProcess } from './run-script.js';

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
  env: { HOME: string; XDG_CONFIG_HOME: string; XDG_DATA_HOME: string; XDG_CACHE_HOME: string; XDG_STATE_HOME: string };
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

/** How a finished `oauthflow` process ended. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `oauthflow` process. */
export interface RunningCli extends WatchedProcess {
  /** Resolves with the first match of `pattern` on stderr (where prompts and URLs go). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  done: Promise<CliResult>;
}

/**
 * Starts the binary with `env` on top of a cleaned environment: no inherited OAUTHFLOW_*
 * settings and no NODE_OPTIONS (vitest's source conditions must not reach the child).
 */
export function startCli(args: readonly string[], env: Record<string, string>, options: { nodeFlags?: readonly string[] } = {}): RunningCli {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OAUTHFLOW_') && name !== 'NODE_OPTIONS'));
  const running = spawnWatched(process.execPath, [...(options.nodeFlags ?? []), CLI_BIN, ...args], { cwd: ROOT, env: { ...base, ...env } });
  return {
    ...running,
    waitForStderr: (pattern, timeoutMs) => running.waitFor(pattern, { stream: 'stderr', ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    done: running.exit.then((code) => ({ code, stdout: running.stdout(), stderr: running.stderr() })),
  };
}

/** Runs the binary to completion; stdin is closed at once. */
export async function cli(args: readonly string[], env: Record<string, string>, options: { nodeFlags?: readonly string[] } = {}): Promise<CliResult> {
  const running = startCli(args, env, options);
  running.child.stdin.end();
  return running.done;
}

/** The loopback and device prompts print this; the test plays the browser with it. */
export const AUTHORIZATION_URL = /http:\/\/127\.0\.0\.1:\d+\/\S*authorize\?\S+/;

/**
 * Node flags that make a child print every file it loads, ES modules and CommonJS alike, as
 * `LOADED <path>` lines on stderr (see {@link loadedFiles}).
 */
export const TRACE_LOADS: readonly string[] = [
  '--import',
  `data:text/javascript,${encodeURIComponent(`
  const { Module, register } = await import('node:module');
  register('data:text/javascript,' + encodeURIComponent('export async function load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("LOADED " + decodeURIComponent(new URL(url).pathname) + String.fromCharCode(10)); return next(url, context); }'));
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const result = load.apply(this, arguments);
    try { const file = Module._resolveFilename(request, parent, isMain); if (file.startsWith('/')) process.stderr.write('LOADED ' + file + String.fromCharCode(10)); } catch {}
    return result;
  };
`)}`,
];

/** The files a child run with {@link TRACE_LOADS} loaded, and its stderr without those lines. */
export function loadedFiles(stderr: string): { files: string[]; stderr: string } {
  const lines = stderr.split('\n');
  return {
    files: lines.filter((line) => line.startsWith('LOADED ')).map((line) => line.slice('LOADED '.length)),
    stderr: lines.filter((line) => !line.startsWith('LOADED ')).join('\n'),
  };
}

/**
 * A CLI test file's set-up: the CLI must be built, a local authorization server runs for the file
 * (handed to `onStarted`), and the server and every temporary HOME are removed afterwards.
 */
export function useCliServer(onStarted: (server: AuthorizationServer) => void): void {
  let server: AuthorizationServer | undefined;
  beforeAll(async () => {
    assertCliBuilt();
    server = await startAuthorizationServer();
    onStarted(server);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), removeTempHomes()]);
  });
}

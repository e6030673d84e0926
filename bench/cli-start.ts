/**
 * CLI start-up, each contender a fresh process, interleaved over the same rounds, against
 * `node -e 0` measured in the same run:
 *
 * - `oauthflow token` with a fresh token in SQLite, as users run it: the bin's fast path, from
 *   the one-file bundle (scripts/bundle-token.mjs, rebuilt here first). Goal ≤ 1.5× node.
 * - the same fast path from the unbundled dist (what a `tsc -b` without the bundle step runs),
 *   and with a file store: what the bundle and the store cost;
 * - `oauthflow --help`: commander and the command tree. Goal ≤ 2×.
 *
 * What the paths load is printed too (modules and packages, from a load hook in a separate run).
 *
 *   npx tsx bench/cli-start.ts [--quick]
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAuthorizationServer } from '@oauthflow/testing';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { interleaved, median, spreadPercent } from './lib/measure.js';
import { ROOT_DIR } from './lib/paths.js';
import { runIfMain } from './lib/standalone.js';

const CLI_DIR = join(ROOT_DIR, 'packages/cli');
const BIN = join(CLI_DIR, 'bin/oauthflow.js');
const TOKEN_GOAL = 1.5;
const HELP_GOAL = 2;

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  if (!existsSync(join(CLI_DIR, 'dist/index.js'))) throw new Error('packages/cli/dist is missing: run `npx tsc -b` first');
  execFileSync(process.execPath, [join(CLI_DIR, 'scripts/bundle-token.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const rounds = quick ? 5 : 30;
  const home = await mkdtemp(join(tmpdir(), 'oauthflow-bench-cli-'));
  const base: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OAUTHFLOW_') && name !== 'NODE_OPTIONS')),
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    OAUTHFLOW_KEY: 'bench',
  };
  const sqliteEnv = { ...base, OAUTHFLOW_STORE: `sqlite:${join(home, 'tokens.db')}` };
  const fileEnv = { ...base, OAUTHFLOW_STORE: `file:${join(home, 'tokens.json')}` };
  try {
    // Real logins (client credentials) save the client and a token valid for an hour; the server
    // is gone before timing starts, so `token` provably answers from the store.
    const server = await startAuthorizationServer();
    try {
      for (const env of [sqliteEnv, fileEnv]) await login(env, server.issuer, server.clients.confidential.client_secret);
    } finally {
      await server.close();
    }
    const unbundled = join(home, 'token-unbundled.mjs');
    await writeFile(
      unbundled,
      `const { fastToken } = await import(${JSON.stringify(pathToFileURL(join(CLI_DIR, 'dist/token-fast.js')).href)});\nif (await fastToken([]) !== 0) process.exit(1);\n`,
    );

    const spawnMs = (args: readonly string[], env: NodeJS.ProcessEnv) => async () => {
      const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
    };
    const contenders = {
      node: spawnMs(['-e', '0'], base),
      token: spawnMs([BIN, 'token'], sqliteEnv),
      unbundled: spawnMs([unbundled], sqliteEnv),
      file: spawnMs([BIN, 'token'], fileEnv),
      help: spawnMs([BIN, '--help'], base),
    };
    await interleaved(contenders, 2); // warm the file system cache
    const samples = await interleaved(contenders, rounds);
    const node = median(samples.node.wall);
    const at = (name: keyof typeof samples) => median(samples[name].wall);
    const spread = (name: keyof typeof samples) => `±${spreadPercent(samples[name].wall).toFixed(0)}%`;
    const row = (name: string, contender: keyof typeof samples, extra: Partial<BenchRow> & { note: string }): BenchRow => ({
      name,
      unit: 'ms',
      oauthflow: at(contender),
      baseline: node,
      baselineName: 'node -e 0',
      ...extra,
      note: `${rounds} runs each, medians; spread ${spread(contender)} vs ${spread('node')}; ${extra.note}`,
    });
    const loads = (args: readonly string[], env: NodeJS.ProcessEnv) => describeLoads(args, env);
    return [
      row('CLI start: oauthflow token (SQLite, fresh token)', 'token', {
        goal: `≤ ${TOKEN_GOAL}×`,
        pass: at('token') / node <= TOKEN_GOAL,
        note: `bundled fast path; loads ${loads([BIN, 'token'], sqliteEnv)}`,
      }),
      row('CLI start: oauthflow token, unbundled dist (SQLite)', 'unbundled', {
        note: `the same path without the bundle; loads ${loads([unbundled], sqliteEnv)}`,
      }),
      row('CLI start: oauthflow token (file store, fresh token)', 'file', { note: 'bundled fast path; the file store through openStorage' }),
      row('CLI start: oauthflow --help', 'help', {
        goal: `≤ ${HELP_GOAL}×`,
        pass: at('help') / node <= HELP_GOAL,
        note: `commander and the command tree; loads ${loads([BIN, '--help'], base)}`,
      }),
    ];
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

function login(env: NodeJS.ProcessEnv, issuer: string, secret: string): Promise<void> {
  // Not spawnSync: the server runs in this process and must answer meanwhile.
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, 'login', '--client-credentials', '--provider', issuer, '--client-id', 'confidential-client', '--scope', 'api:read'],
      {
        env: { ...env, OAUTHFLOW_CLIENT_SECRET: secret },
      },
      (error, _stdout, stderr) => (error ? reject(new Error(`oauthflow login failed: ${stderr}`)) : resolve()),
    );
  });
}

/** "N ES modules, M CommonJS files; packages: …" for one run of `args`, from a load hook (a separate, untimed run). */
function describeLoads(args: readonly string[], env: NodeJS.ProcessEnv): string {
  const hook = `
    const { Module } = await import('node:module');
    const { register } = await import('node:module');
    register('data:text/javascript,' + encodeURIComponent('export async function load(u,c,n){ if(u.startsWith("file:")) process.stderr.write("ESM "+u+"\\\\n"); return n(u,c); }'));
    const load = Module._load;
    Module._load = function (request, parent, isMain) { const r = load.apply(this, arguments); try { process.stderr.write('CJS ' + Module._resolveFilename(request, parent, isMain) + '\\n'); } catch {} return r; };
  `;
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hook)}`, ...args], { env, encoding: 'utf8' });
  const lines = result.stderr.split('\n');
  const esm = new Set(lines.filter((line) => line.startsWith('ESM ')).map((line) => line.slice(4)));
  const cjs = new Set(lines.filter((line) => line.startsWith('CJS /')).map((line) => line.slice(4)));
  const packages = new Set(
    [...esm, ...cjs]
      .map((file) => /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? /packages\/([^/]+)\//.exec(file)?.[1])
      .filter(Boolean),
  );
  return `${esm.size} ES modules + ${cjs.size} CommonJS files (${[...packages].sort().join(', ')})`;
}

await runIfMain(import.meta.url, run);

/**
 * CLI start-up: `oauthflow --help` and `oauthflow token` (a fresh token in a file store, so no
 * network) against `node -e 0`, each a fresh process, interleaved over the same rounds.
 * Goal: `--help` within 2× of node's own start (commands load their code lazily).
 *
 *   npx tsx bench/cli-start.ts [--quick]
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthorizationServer } from '@oauthflow/testing';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { interleaved, median, spreadPercent } from './lib/measure.js';
import { ROOT_DIR } from './lib/paths.js';
import { runIfMain } from './lib/standalone.js';

const BIN = join(ROOT_DIR, 'packages/cli/bin/oauthflow.js');
const GOAL = 2;

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  if (!existsSync(join(ROOT_DIR, 'packages/cli/dist/index.js'))) throw new Error('packages/cli/dist is missing: run `npx tsc -b` first');
  const rounds = quick ? 5 : 30;
  const home = await mkdtemp(join(tmpdir(), 'oauthflow-bench-cli-'));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OAUTHFLOW_') && name !== 'NODE_OPTIONS')),
    HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'),
    OAUTHFLOW_STORE: `file:${join(home, 'tokens.json')}`, OAUTHFLOW_KEY: 'bench',
  };
  try {
    // A real login (client credentials) saves the client and a token valid for an hour; the
    // server is gone before timing starts, so `token` provably answers from the store.
    const server = await startAuthorizationServer();
    // Not spawnSync: the server runs in this process and must answer meanwhile.
    const login = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'login', '--client-credentials', '--provider', server.issuer, '--client-id', 'confidential-client', '--scope', 'api:read'], {
        env: { ...env, OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret },
      }, (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }));
    });
    await server.close();
    if (login.code !== 0) throw new Error(`oauthflow login failed: ${login.stderr}`);

    const spawnMs = (args: readonly string[]) => async () => {
      const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
    };
    const contenders = {
      node: spawnMs(['-e', '0']),
      help: spawnMs([BIN, '--help']),
      token: spawnMs([BIN, 'token']),
    };
    await interleaved(contenders, 2); // warm the file system cache
    const samples = await interleaved(contenders, rounds);
    const node = median(samples.node.wall);
    const help = median(samples.help.wall);
    const token = median(samples.token.wall);
    const spread = (name: keyof typeof samples) => `±${spreadPercent(samples[name].wall).toFixed(0)}%`;
    return [
      {
        name: 'CLI start: oauthflow --help', unit: 'ms', oauthflow: help, baseline: node, baselineName: 'node -e 0',
        goal: `≤ ${GOAL}×`, pass: help / node <= GOAL, note: `${rounds} runs each, medians; spread ${spread('help')} vs ${spread('node')}`,
      },
      {
        name: 'CLI start: oauthflow token (file store, fresh token)', unit: 'ms', oauthflow: token, baseline: node, baselineName: 'node -e 0',
        note: `${rounds} runs, spread ${spread('token')}; loads @oauthflow/core (axios, simple-oauth2) and the store, no network`,
      },
    ];
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

await runIfMain(import.meta.url, run);

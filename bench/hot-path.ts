/**
 * Hot path: `flow.getAccessToken()` while the cached credential is fresh — what every API request
 * pays. Goal: under 1 µs, and no storage read (a wrapping Storage counts them).
 * Baseline: google-auth-library's `OAuth2Client.getAccessToken()` with fresh credentials.
 */
import { MemoryStorage } from '@oauthflow/core';
import { OAuth2Client } from 'google-auth-library';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { CountingStorage } from './lib/counting-storage.js';
import { freshCredentials, makeFlow } from './lib/fixtures.js';
import { interleaved, median, spreadPercent } from './lib/measure.js';
import { runIfMain } from './lib/standalone.js';

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const calls = quick ? 20_000 : 200_000;
  const rounds = quick ? 5 : 21;
  const credentials = freshCredentials();

  const storage = new CountingStorage(new MemoryStorage());
  await storage.save(credentials);
  const flow = makeFlow(storage);
  await flow.getAccessToken(); // the first call reads the store; the rest must not
  const readsBefore = storage.reads;

  const google = new OAuth2Client({ clientId: 'bench-client', clientSecret: 'bench-secret' });
  google.setCredentials({
    access_token: credentials.accessToken,
    refresh_token: credentials.refreshToken ?? null,
    expiry_date: credentials.expiresAt?.getTime() ?? null,
    token_type: 'Bearer',
  });

  const contenders = {
    oauthflow: async () => {
      for (let i = 0; i < calls; i += 1) await flow.getAccessToken();
    },
    google: async () => {
      for (let i = 0; i < calls; i += 1) await google.getAccessToken();
    },
    // The floor: what one `await` of an already-known string costs on this machine.
    await: async () => {
      for (let i = 0; i < calls; i += 1) await Promise.resolve(credentials.accessToken);
    },
  };
  await interleaved(contenders, 2); // warm up the JIT
  const samples = await interleaved(contenders, rounds);
  const perCallNs = (series: { wall: readonly number[] }) => (median(series.wall) * 1e6) / calls;
  const ns = perCallNs(samples.oauthflow);
  const reads = storage.reads - readsBefore;
  const totalCalls = calls * (rounds + 2);

  return [
    {
      name: 'hot path: flow.getAccessToken(), fresh',
      unit: 'ns/op',
      oauthflow: ns,
      baseline: perCallNs(samples.google),
      baselineName: 'google-auth-library getAccessToken()',
      goal: '< 1000 ns/op',
      pass: ns < 1000,
      note: `${Math.round(1e9 / ns).toLocaleString('en-US')} ops/s; a bare await costs ${perCallNs(samples.await).toFixed(0)} ns; spread ±${spreadPercent(samples.oauthflow.wall).toFixed(1)}%`,
    },
    {
      name: 'hot path: storage reads while fresh',
      unit: 'reads',
      oauthflow: reads,
      goal: '0',
      pass: reads === 0,
      note: `over ${totalCalls.toLocaleString('en-US')} getAccessToken() calls`,
    },
  ];
}

await runIfMain(import.meta.url, run);

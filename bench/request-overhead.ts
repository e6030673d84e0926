/**
 * Request overhead: GETs to a local API server (its own process) with a fresh cached credential,
 * sequentially and 64 in flight. oauthflow's `OAuth2APIRequest` (flow source, MemoryStorage and
 * SQLiteStorage) against raw axios with a fixed header — the same transport, so the ratio is
 * what oauthflow adds. google-auth-library's `OAuth2Client.request` (credentials that never
 * expire) is measured alongside, with raw gaxios, its own transport, as its baseline.
 * Goal: oauthflow ≤ 1.02× raw axios.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { MemoryStorage, OAuth2APIRequest, type Storage } from '@oauthflow/core';
import { OAuth2Client } from 'google-auth-library';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { freshCredentials, makeFlow } from './lib/fixtures.js';
import { startHttpTarget } from './lib/http-target.js';
import { openSqlite } from './lib/sqlite.js';
import { interleaved, median, pool, spreadPercent } from './lib/measure.js';
import { runIfMain } from './lib/standalone.js';

const GOAL = 1.02;
const IN_FLIGHT = 64;

type Send = () => Promise<unknown>;

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const total = quick ? 1000 : 5000;
  const target = await startHttpTarget();
  const directory = await mkdtemp(join(tmpdir(), 'oauthflow-bench-'));
  const sqlite = await openSqlite(join(directory, 'tokens.db'));
  try {
    const url = `${target.origin}/channels`;
    const credentials = freshCredentials();
    const bearer = `Bearer ${credentials.accessToken}`;

    const raw = axios.create({ headers: { Authorization: bearer } });
    const control = axios.create({ headers: { Authorization: bearer } });
    const senders: Record<string, Send> = { axios: () => raw.get(url), control: () => control.get(url) };
    senders['oauthflow'] = await flowSender(new MemoryStorage(), credentials, url);
    if (sqlite.storage) senders['oauthflow-sqlite'] = await flowSender(sqlite.storage, credentials, url);

    const google = new OAuth2Client({ clientId: 'bench-client', clientSecret: 'bench-secret' });
    google.setCredentials({
      access_token: credentials.accessToken,
      refresh_token: credentials.refreshToken ?? null,
      expiry_date: Date.now() + 365 * 86_400_000,
    });
    // gaxios is not our dependency: take its class from the client's own transporter.
    const Gaxios = google.transporter.constructor as typeof google.transporter.constructor & (new (defaults: object) => typeof google.transporter);
    const gaxios = new Gaxios({ headers: { Authorization: bearer } });
    senders['google'] = () => google.request({ url });
    senders['gaxios'] = () => gaxios.request({ url });

    // Small batches, many rounds: a burst from a neighbour spoils a few rounds, which the median drops.
    const sequential = await measure(senders, total, 10, (batch, send) => pool(batch, 1, send));
    const concurrent = await measure(senders, total, 2 * IN_FLIGHT, (batch, send) => pool(batch, IN_FLIGHT, send));
    return [...rowsFor('sequential', sequential, total, sqlite.note), ...rowsFor(`${IN_FLIGHT} in flight`, concurrent, total, sqlite.note)];
  } finally {
    await sqlite.storage?.close?.();
    await rm(directory, { recursive: true, force: true });
    await target.close();
  }
}

/** An OAuth2APIRequest over a flow whose fresh credential sits in `storage` (and, after one call, in memory). */
async function flowSender(storage: Storage, credentials: ReturnType<typeof freshCredentials>, url: string): Promise<Send> {
  await storage.save(credentials);
  const api = new OAuth2APIRequest(makeFlow(storage));
  await api.request(url);
  return () => api.request(url);
}

/** Per-request µs of one sender, wall clock and client CPU, one entry per round. */
interface PerRequest {
  wall: number[];
  cpu: number[];
}
type Samples = Record<string, PerRequest>;

/** `total` requests per sender, in interleaved rounds of `size`. */
async function measure(senders: Record<string, Send>, total: number, size: number, batch: (size: number, send: Send) => Promise<void>): Promise<Samples> {
  const rounds = Math.ceil(total / size);
  const tasks = Object.fromEntries(Object.entries(senders).map(([name, send]) => [name, () => batch(size, send)]));
  await interleaved(tasks, Math.max(2, rounds / 10)); // warm-up: sockets open, JIT warm
  const samples = await interleaved(tasks, rounds);
  const perRequest = (ms: number[]) => ms.map((m) => (m * 1000) / size);
  return Object.fromEntries(Object.entries(samples).map(([name, { wall, cpu }]) => [name, { wall: perRequest(wall), cpu: perRequest(cpu) }]));
}

function rowsFor(mode: string, samples: Samples, total: number, sqliteNote: string | undefined): BenchRow[] {
  const axios = samples['axios']!;
  // Paired: each round's time over raw axios's in the same round, then the median — drift between rounds cancels.
  const paired = (name: string, metric: keyof PerRequest) => median(samples[name]![metric].map((v, i) => v / axios[metric][i]!));
  const cpu = (name: string) =>
    `client CPU ${median(samples[name]!.cpu).toFixed(1)} vs ${median(axios.cpu).toFixed(1)} µs/req (${paired(name, 'cpu').toFixed(3)}×)`;
  const row = (name: string, label: string, goal: boolean, note?: string): BenchRow => {
    const ratio = paired(name, 'wall');
    return {
      name: `request overhead, ${mode}: ${label}`,
      unit: 'µs/req',
      oauthflow: median(samples[name]!.wall),
      baseline: median(axios.wall),
      baselineName: 'raw axios',
      ratio,
      ...(goal ? { goal: `≤ ${GOAL.toFixed(2)}×`, pass: ratio <= GOAL } : { goal: 'info' }),
      note: [
        `${total.toLocaleString('en-US')} GETs each`,
        cpu(name),
        `spread ±${spreadPercent(samples[name]!.wall).toFixed(0)}%`,
        ...(note ? [note] : []),
      ].join('; '),
    };
  };
  const rows = [row('oauthflow', 'OAuth2APIRequest (flow, MemoryStorage)', true, samples['oauthflow-sqlite'] ? undefined : sqliteNote)];
  if (samples['oauthflow-sqlite']) rows.push(row('oauthflow-sqlite', 'OAuth2APIRequest (flow, SQLiteStorage)', true));
  const vsGaxios = paired('google', 'wall') / paired('gaxios', 'wall');
  rows.push(row('google', 'google-auth-library OAuth2Client.request', false, `vs raw gaxios, its own transport: ${vsGaxios.toFixed(3)}×`));
  rows.push(row('control', 'raw axios again (noise floor)', false, 'a second raw axios client: how far apart two identical contenders land in this run'));
  return rows;
}

await runIfMain(import.meta.url, run);

/**
 * Request pipeline: what the client adds per request, without the network. Every contender's
 * transport is an adapter that answers at once, so the numbers are pure client CPU and barely
 * move on a noisy machine — the precise view of the overhead `request-overhead.ts` measures over
 * real sockets. oauthflow's `OAuth2APIRequest` (flow source) vs raw axios with a fixed header;
 * google-auth-library's `OAuth2Client.request` vs raw gaxios, both with a null adapter.
 */
import axios, { type AxiosAdapter } from 'axios';
import { MemoryStorage, OAuth2APIRequest } from '@oauthflow/core';
import { OAuth2Client } from 'google-auth-library';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { freshCredentials, makeFlow } from './lib/fixtures.js';
import { interleaved, median, spreadPercent } from './lib/measure.js';
import { runIfMain } from './lib/standalone.js';

const BODY = JSON.stringify({ id: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', kind: 'youtube#channel', ok: true });
const URL = 'http://127.0.0.1:9/channels';

const axiosAdapter: AxiosAdapter = async (config) => ({
  data: BODY,
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/json' },
  config,
  request: {},
});

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const batch = 2000;
  const rounds = quick ? 10 : 40;
  const credentials = freshCredentials();
  const bearer = `Bearer ${credentials.accessToken}`;

  const raw = axios.create({ adapter: axiosAdapter, headers: { Authorization: bearer } });
  const storage = new MemoryStorage();
  await storage.save(credentials);
  const api = new OAuth2APIRequest(makeFlow(storage), { axios: axios.create({ adapter: axiosAdapter }) });

  const google = new OAuth2Client({ clientId: 'bench-client', clientSecret: 'bench-secret' });
  google.setCredentials({ access_token: credentials.accessToken, expiry_date: Date.now() + 365 * 86_400_000 });
  const gaxiosAdapter = async (options: object) => ({
    data: JSON.parse(BODY),
    status: 200,
    statusText: 'OK',
    headers: new Headers({ 'content-type': 'application/json' }),
    config: options,
    request: { responseURL: URL },
  });
  const Gaxios = google.transporter.constructor as new (defaults: object) => typeof google.transporter;
  const gaxios = new Gaxios({ headers: { Authorization: bearer }, adapter: gaxiosAdapter });

  const loop = (send: () => Promise<unknown>) => async () => {
    for (let i = 0; i < batch; i += 1) await send();
  };
  const contenders = {
    axios: loop(() => raw.get(URL)),
    oauthflow: loop(() => api.request(URL)),
    google: loop(() => google.request({ url: URL, adapter: gaxiosAdapter } as never)),
    gaxios: loop(() => gaxios.request({ url: URL })),
  };
  await interleaved(contenders, 3);
  const samples = await interleaved(contenders, rounds);
  const us = (name: keyof typeof contenders) => (median(samples[name].cpu) * 1000) / batch;
  const paired = (a: keyof typeof contenders, b: keyof typeof contenders) => median(samples[a].cpu.map((v, i) => v / samples[b].cpu[i]!));
  const total = (batch * rounds).toLocaleString('en-US');

  return [
    {
      name: 'request pipeline, no network: OAuth2APIRequest (flow)',
      unit: 'µs/req',
      oauthflow: us('oauthflow'),
      baseline: us('axios'),
      baselineName: 'raw axios',
      ratio: paired('oauthflow', 'axios'),
      goal: 'info',
      note: `client CPU, ${total} requests each; oauthflow adds ${(us('oauthflow') - us('axios')).toFixed(2)} µs/req; spread ±${spreadPercent(samples.oauthflow.cpu).toFixed(1)}%`,
    },
    {
      name: 'request pipeline, no network: google-auth-library request',
      unit: 'µs/req',
      oauthflow: us('google'),
      baseline: us('gaxios'),
      baselineName: 'raw gaxios',
      ratio: paired('google', 'gaxios'),
      goal: 'info',
      note: `google-auth-library in the oauthflow column; it adds ${(us('google') - us('gaxios')).toFixed(2)} µs/req`,
    },
  ];
}

await runIfMain(import.meta.url, run);

/**
 * Request layers: where OAuth2APIRequest's overhead over raw axios comes from. Sequential GETs to
 * the local API server, each contender raw axios plus one layer of what OAuth2APIRequest adds, all
 * interleaved in the same run; client CPU per request, paired with raw axios round by round.
 * A second raw axios client shows the noise floor. Informational: it explains request-overhead.ts.
 */
import axios, { type AxiosInstance } from 'axios';
import { MemoryStorage, OAuth2APIRequest } from '@oauthflow/core';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { freshCredentials, makeFlow } from './lib/fixtures.js';
import { startHttpTarget } from './lib/http-target.js';
import { interleaved, median, pool } from './lib/measure.js';
import { runIfMain } from './lib/standalone.js';

const BATCH = 10;

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const total = quick ? 1000 : 10_000;
  const target = await startHttpTarget();
  try {
    const url = `${target.origin}/channels`;
    const credentials = freshCredentials();
    const bearer = `Bearer ${credentials.accessToken}`;
    const storage = new MemoryStorage();
    await storage.save(credentials);
    const flow = makeFlow(storage);
    const api = new OAuth2APIRequest(makeFlow(storage));
    const withBearer = () => axios.create({ headers: { Authorization: bearer } });
    const layered = (label: string, add: (http: AxiosInstance) => void): [string, AxiosInstance] => {
      const http = withBearer();
      add(http);
      return [label, http];
    };

    const layers: [string, AxiosInstance][] = [
      ['raw axios again (noise floor)', withBearer()],
      layered('+ a synchronous request interceptor (no-op)', (http) => {
        http.interceptors.request.use((config) => config, undefined, { synchronous: true });
      }),
      layered('+ an async request interceptor (no-op)', (http) => {
        http.interceptors.request.use(async (config) => config);
      }),
      layered('+ a response error interceptor (no-op)', (http) => {
        http.interceptors.response.use(undefined, (error: unknown) => Promise.reject(error));
      }),
      layered('+ an async interceptor awaiting flow.getAccessToken()', (http) => {
        http.interceptors.request.use(async (config) => {
          config.headers.set('Authorization', `Bearer ${await flow.getAccessToken()}`);
          return config;
        });
      }),
      ['OAuth2APIRequest .http.get()', api.http],
    ];
    const send = (http: AxiosInstance) => () => pool(BATCH, 1, () => http.get(url));
    const tasks: Record<string, () => Promise<void>> = { 'raw axios': send(withBearer()) };
    for (const [label, http] of layers) tasks[label] = send(http);
    tasks['OAuth2APIRequest .request()'] = () => pool(BATCH, 1, () => api.request(url));
    await flow.getAccessToken();
    await api.request(url);

    await interleaved(tasks, 20);
    const samples = await interleaved(tasks, total / BATCH);
    const baseline = samples['raw axios']!.cpu;
    const us = (ms: readonly number[]) => (median(ms) * 1000) / BATCH;
    return Object.keys(tasks)
      .filter((label) => label !== 'raw axios')
      .map((label) => ({
        name: `request layers, sequential: ${label}`,
        unit: 'µs CPU/req',
        oauthflow: us(samples[label]!.cpu),
        baseline: us(baseline),
        baselineName: 'raw axios',
        ratio: median(samples[label]!.cpu.map((v, i) => v / baseline[i]!)),
        goal: 'info',
        note: `${total.toLocaleString('en-US')} GETs each, client CPU, ratio paired per round`,
      }));
  } finally {
    await target.close();
  }
}

await runIfMain(import.meta.url, run);

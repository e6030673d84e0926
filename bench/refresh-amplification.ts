/**
 * Refresh amplification, in one process: many concurrent requests on an expired token, against
 * the local authorization server (refresh-token rotation on, as most providers do). Refreshes are
 * counted by the server (`stats().token.refresh_token`); the ideal is 1.
 * - oauthflow: `OAuth2APIRequest` over a flow (MemoryStorage, SQLiteStorage): single flight.
 * - google-auth-library: `OAuth2Client.request`, which dedupes refreshes per process.
 * - simple-oauth2 alone, the naive pattern: `if (token.expired()) token = await token.refresh()`
 *   per request — one refresh per request, and with rotation all but one are refused.
 * The multi-process version (many processes sharing one store) belongs to another issue: it can
 * run {@link oauthflowWave} in each process against one shared store and read the same counter.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { MemoryStorage, OAuth2APIRequest, type Credentials, type Storage } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { OAuth2Client } from 'google-auth-library';
import { AuthorizationCode } from 'simple-oauth2';
import type { BenchOptions, BenchRow } from './lib/contract.js';
import { authorizeAtServer, expired, makeFlow } from './lib/fixtures.js';
import { openSqlite } from './lib/sqlite.js';
import { runIfMain } from './lib/standalone.js';

/** What a wave of concurrent requests did at the server. */
export interface WaveResult {
  refreshes: number;
  /** Requests that threw (e.g. a refused refresh, or a 401 from the API). */
  failures: number;
  apiOk: number;
  apiUnauthorized: number;
}

/** Fires `concurrency` calls at once and reads what the server saw. */
export async function wave(server: AuthorizationServer, concurrency: number, call: () => Promise<unknown>): Promise<WaveResult> {
  server.resetStats();
  const settled = await Promise.allSettled(Array.from({ length: concurrency }, call));
  const stats = server.stats();
  return {
    refreshes: stats.token['refresh_token'] ?? 0,
    failures: settled.filter((s) => s.status === 'rejected').length,
    apiOk: stats.api.ok,
    apiUnauthorized: stats.api.unauthorized,
  };
}

/** oauthflow's wave: an expired credential in `storage`, `concurrency` API requests through one flow. */
export async function oauthflowWave(server: AuthorizationServer, storage: Storage, credentials: Credentials, concurrency: number): Promise<WaveResult> {
  await storage.save(expired(credentials));
  const api = new OAuth2APIRequest(makeFlow(storage, server));
  return wave(server, concurrency, () => api.request(server.endpoints.api));
}

function googleWave(server: AuthorizationServer, credentials: Credentials, concurrency: number): Promise<WaveResult> {
  const { client_id: clientId, client_secret: clientSecret } = server.clients.confidential;
  const client = new OAuth2Client({ clientId, clientSecret, endpoints: { oauth2TokenUrl: server.endpoints.token } });
  client.setCredentials({
    access_token: credentials.accessToken,
    refresh_token: credentials.refreshToken ?? null,
    expiry_date: Date.now() - 1000,
    token_type: 'Bearer',
  });
  return wave(server, concurrency, () => client.request({ url: server.endpoints.api }));
}

/** simple-oauth2 on its own: each request checks expiry and refreshes itself. */
function simpleOauth2Wave(server: AuthorizationServer, credentials: Credentials, concurrency: number): Promise<WaveResult> {
  const { client_id: id, client_secret: secret } = server.clients.confidential;
  const client = new AuthorizationCode({
    client: { id, secret },
    auth: { tokenHost: server.issuer, tokenPath: new URL(server.endpoints.token).pathname },
    options: { authorizationMethod: 'header' },
  });
  let token = client.createToken({
    access_token: credentials.accessToken,
    refresh_token: credentials.refreshToken,
    token_type: 'Bearer',
    expires_at: new Date(Date.now() - 1000),
  });
  return wave(server, concurrency, async () => {
    if (token.expired()) token = await token.refresh();
    await axios.get(server.endpoints.api, { headers: { Authorization: `Bearer ${String(token.token['access_token'])}` } });
  });
}

export async function run({ quick }: BenchOptions): Promise<BenchRow[]> {
  const concurrency = quick ? 100 : 1000;
  // Tokens live an hour, so the refreshed one stays fresh for the whole wave; the stored copy is made to look expired.
  const server = await startAuthorizationServer({ accessTokenTtl: 3600 });
  const directory = await mkdtemp(join(tmpdir(), 'oauthflow-bench-'));
  try {
    const google = await googleWave(server, await authorizeAtServer(server), concurrency);
    const simple = await simpleOauth2Wave(server, await authorizeAtServer(server), concurrency);
    const results: [string, WaveResult][] = [['MemoryStorage', await oauthflowWave(server, new MemoryStorage(), await authorizeAtServer(server), concurrency)]];
    const sqlite = await openSqlite(join(directory, 'tokens.db'));
    if (sqlite.storage) {
      results.push(['SQLiteStorage', await oauthflowWave(server, sqlite.storage, await authorizeAtServer(server), concurrency)]);
      await sqlite.storage.close?.();
    }

    const name = (what: string) => `refresh amplification, ${concurrency.toLocaleString('en-US')} concurrent on an expired token: ${what}`;
    const outcome = (r: WaveResult) => `${r.failures} failed, API ${r.apiOk} ok / ${r.apiUnauthorized} refused`;
    const rows: BenchRow[] = results.map(([storage, r]) => ({
      name: name(`oauthflow (${storage})`),
      unit: 'refreshes',
      oauthflow: r.refreshes,
      baseline: google.refreshes,
      baselineName: 'google-auth-library',
      goal: 'exactly 1',
      pass: r.refreshes === 1 && r.failures === 0,
      note: `oauthflow: ${outcome(r)}; google-auth-library: ${outcome(google)}`,
    }));
    const [, memory] = results[0]!;
    rows.push({
      name: name('oauthflow vs simple-oauth2 refreshing per request'),
      unit: 'refreshes',
      oauthflow: memory.refreshes,
      baseline: simple.refreshes,
      baselineName: 'simple-oauth2 alone',
      goal: 'exactly 1',
      pass: memory.refreshes === 1,
      note: `simple-oauth2: ${outcome(simple)} (with rotation, every reuse of the consumed refresh token is refused)`,
    });
    if (sqlite.note) rows[0]!.note += `; ${sqlite.note}`;
    return rows;
  } finally {
    await rm(directory, { recursive: true, force: true });
    await server.close();
  }
}

await runIfMain(import.meta.url, run);

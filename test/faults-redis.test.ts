// Faults: Redis crashes and comes back in the middle of a run, under a flow and an
// OAuth2APIRequest that keep making requests (rotating refresh tokens, 2-second access tokens).
// While Redis is down, a request that needs the store fails with a StorageError (never "no
// credentials"); once it is back, the same objects work again — the same grant, no re-login.
// (packages/storage-redis/test/outage.test.ts covers the storage alone.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2APIRequest, StorageError, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisServer, freePort, haveRedisServer } from '../packages/storage-redis/test/fixtures/redis-server.js';
import { authorize, makeFlow, sleep } from './helpers/flow-fixtures.js';

type Phase = 'before' | 'down' | 'restarting' | 'after';
interface Outcome {
  phase: Phase;
  outcome: string;
}

const dir = mkdtempSync(join(tmpdir(), 'oauthflow-redis-outage-'));
let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 2, rotateRefreshTokens: true });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const nextTokens = (flow: OAuth2AuthorizationFlow) =>
  new Promise<void>((resolve) => {
    const listener = () => {
      flow.off('tokens', listener);
      resolve();
    };
    flow.on('tokens', listener);
  });

describe.runIf(haveRedisServer)('a flow over Redis when Redis crashes and comes back', () => {
  it('StorageError while down, then the same flow and API client work again: same grant, no re-login', async () => {
    const redis = new RedisServer(await freePort(), { persistDir: dir });
    await redis.start();
    const storage = new RedisStorage({
      url: redis.url,
      namespace: 'flow-outage',
      connectTimeoutMs: 500,
      commandTimeoutMs: 1000,
      leaseMs: 2000,
      acquireTimeoutMs: 5000,
    });
    try {
      const flow = makeFlow(server, { storage, key: 'shared' });
      await authorize(server, flow);
      const refreshedIn: Phase[] = [];
      let phase: Phase = 'before';
      flow.on('tokens', () => refreshedIn.push(phase));
      const api = new OAuth2APIRequest(flow);
      const outcomes: Outcome[] = [];
      let running = true;
      const lane = async () => {
        while (running) {
          const during = phase;
          const outcome = await api.request(server.endpoints.api).then(
            () => 'ok',
            (error: Error) => error.name,
          );
          outcomes.push({ phase: during === phase ? during : 'restarting', outcome });
          await sleep(100);
        }
      };
      const lanes = Promise.all(Array.from({ length: 10 }, lane));

      await sleep(2000);
      // Crash Redis right after a refresh has been saved, so no refresh is caught half-way (that
      // case is below); then stay down for longer than a token lives.
      await nextTokens(flow);
      await sleep(100);
      phase = 'down';
      await redis.stop();
      await sleep(3000);
      phase = 'restarting';
      await redis.start();
      await sleep(2500); // the client reconnects with a backoff of at most 1 s
      phase = 'after';
      await sleep(3000);
      running = false;
      await lanes;

      const count = (p: Phase, outcome?: string) => outcomes.filter((o) => o.phase === p && (outcome === undefined || o.outcome === outcome)).length;
      const unexpected = outcomes.filter((o) => o.outcome !== 'ok' && o.outcome !== 'StorageError');
      console.info(
        `[redis outage] ${outcomes.length} requests: before ${count('before', 'ok')} ok; down ${count('down', 'ok')} ok / ${count('down', 'StorageError')} StorageError; ` +
          `restarting ${count('restarting', 'ok')} ok / ${count('restarting', 'StorageError')} StorageError; after ${count('after', 'ok')} ok / ${count('after') - count('after', 'ok')} failed; refreshes ${refreshedIn.join(',')}`,
      );

      expect(unexpected).toEqual([]); // never NoCredentialsError, OAuth2Error or anything else
      expect(count('before', 'ok')).toBe(count('before'));
      expect(count('down', 'StorageError')).toBeGreaterThan(0);
      expect(count('after')).toBeGreaterThan(0);
      expect(count('after', 'ok')).toBe(count('after'));
      expect(refreshedIn.filter((p) => p === 'after').length).toBeGreaterThan(0); // kept refreshing the same grant
      expect(server.stats().tokenErrors).toEqual({});

      // Intact: the stored credential is the flow's current one, and the grant still refreshes.
      const current = await flow.getCredentials(); // (may refresh: nothing else runs now)
      expect((await storage.get('shared'))?.toStored()).toEqual(current.toStored());
      await flow.refresh();
      expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
    } finally {
      await storage.close();
      await redis.stop();
    }
  }, 60_000);

  // Rotation makes this the dangerous moment: the server has retired the stored refresh token and
  // issued a new one, and the store is gone before the new one is saved. Losing it loses the
  // grant (presenting the retired token revokes it), and every instance must log in again.
  it('a refresh whose save fails because Redis crashed keeps the rotated credential, and saves it once Redis is back', async () => {
    const redis = new RedisServer(await freePort(), { persistDir: dir });
    await redis.start();
    const storage = new RedisStorage({
      url: redis.url,
      namespace: 'flow-unsaved',
      connectTimeoutMs: 500,
      commandTimeoutMs: 1000,
      leaseMs: 2000,
      acquireTimeoutMs: 5000,
    });
    try {
      const flow = makeFlow(server, { storage, key: 'shared' });
      await authorize(server, flow);
      server.resetStats();
      server.injectTokenFault({ kind: 'delay', ms: 1000 }); // the server answers the refresh after 1 s...
      const refreshing = flow.refresh().then(
        () => undefined,
        (error: unknown) => error,
      );
      await sleep(300);
      await redis.stop(); // ...by when Redis is gone
      expect(await refreshing).toBeInstanceOf(StorageError);
      expect(server.stats().token['refresh_token']).toBe(1); // the server did rotate

      await redis.start();
      await sleep(1500); // reconnection
      const api = new OAuth2APIRequest(flow);
      expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
      const refreshed = await flow.refresh();
      expect(await api.request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
      expect(server.stats().tokenErrors).toEqual({}); // the retired refresh token was never presented
      expect((await storage.get('shared'))?.refreshToken).toBe(refreshed.refreshToken);
    } finally {
      await storage.close();
      await redis.stop();
    }
  }, 60_000);
});

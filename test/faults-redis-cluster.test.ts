// Faults: a Redis Cluster master dies (SIGKILL) under two application instances that keep making
// requests for one credential (rotating refresh tokens, 2-second access tokens); its replica is
// promoted, and later the old master restarts and rejoins as a replica. While the credential's
// slot has no master, a request that needs the store fails with a StorageError (never "no
// credentials"); after the failover the same objects work again, with the same grant: no lost
// credential, no refresh token presented twice, at most one refresh per expiry.
import { OAuth2APIRequest, type OAuth2AuthorizationFlow } from '@oauthflow/core';
import { RedisStorage } from '@oauthflow/storage-redis';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { Credentials } from '@oauthflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCluster, requireRedisCluster } from '../packages/storage-redis/test/fixtures/redis-cluster.js';
import { authorize, makeFlow, sleep } from './helpers/flow-fixtures.js';

type Phase = 'before' | 'down' | 'failed-over' | 'rejoined';

const available = requireRedisCluster();

describe.runIf(available)('flows over a Redis Cluster whose master fails over', () => {
  let server: AuthorizationServer;
  let cluster: RedisCluster;
  beforeAll(async () => {
    [server, cluster] = await Promise.all([
      startAuthorizationServer({ accessTokenTtl: 2, rotateRefreshTokens: true }),
      RedisCluster.start({ masters: 3, replicas: true, nodeTimeoutMs: 1000 }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await cluster?.stop();
  });

  it('StorageError only while the slot has no master; then the same flows go on with the same grant', async () => {
    const open = () =>
      new RedisStorage({ url: cluster.url, namespace: 'failover', connectTimeoutMs: 500, commandTimeoutMs: 1000, leaseMs: 2000, acquireTimeoutMs: 3000 });
    const storages = [open(), open()]; // two instances of an application
    let running = true;
    try {
      const flows = storages.map((storage) => makeFlow(server, { storage, key: 'shared' }));
      await authorize(server, flows[0]!);
      // A key whose slot lives on another master: it should not notice the failover much.
      const bystander = 'bystander-2';
      await storages[0]!.save(new Credentials({ accessToken: 'bystander' }), bystander);
      const victim = await cluster.masterOf('failover:{shared}:credentials');
      expect(await cluster.masterOf(`failover:{${bystander}}:credentials`)).not.toBe(victim);
      server.resetStats();

      let phase: Phase = 'before';
      const outcomes: Array<{ phase: Phase; outcome: string }> = [];
      const bystanderOutcomes: Array<{ phase: Phase; outcome: string }> = [];
      const lane = async (flow: OAuth2AuthorizationFlow) => {
        const api = new OAuth2APIRequest(flow);
        while (running) {
          const during = phase;
          const outcome = await api.request(server.endpoints.api).then(
            () => 'ok',
            (error: Error) => error.name,
          );
          outcomes.push({ phase: during === phase ? during : 'down', outcome });
          await sleep(50 + Math.random() * 100);
        }
      };
      const bystanderLane = async () => {
        while (running) {
          const during = phase;
          const outcome = await storages[1]!.get(bystander).then(
            (credentials) => (credentials?.accessToken === 'bystander' ? 'ok' : 'missing'),
            (error: Error) => error.name,
          );
          bystanderOutcomes.push({ phase: during, outcome });
          await sleep(50);
        }
      };
      const started = Date.now();
      const lanes = Promise.all([...flows.flatMap((flow) => Array.from({ length: 5 }, () => lane(flow))), bystanderLane()]);

      await sleep(1500);
      // Kill the master right after a refresh was saved and replicated (Redis replicates
      // asynchronously: a write the master acknowledged but never sent is lost with it).
      await new Promise<void>((resolve) => {
        const saved = () => {
          for (const flow of flows) flow.off('tokens', saved);
          resolve();
        };
        for (const flow of flows) flow.on('tokens', saved);
      });
      await sleep(50);
      await cluster.waitForReplicaOf(victim);
      phase = 'down';
      const killedAt = Date.now();
      await cluster.kill(victim);
      await cluster.waitForFailoverOf(victim); // its replica has been promoted
      const failedOverMs = Date.now() - killedAt;
      await sleep(500); // clients notice on their next failure
      phase = 'failed-over';
      await sleep(3000);
      await cluster.restart(victim); // rejoins as a replica of the promoted node
      await cluster.waitUntilHealthy();
      phase = 'rejoined';
      await sleep(2000);
      running = false;
      await lanes;
      const elapsedMs = Date.now() - started;

      const count = (list: typeof outcomes, p: Phase, outcome?: string) =>
        list.filter((o) => o.phase === p && (outcome === undefined || o.outcome === outcome)).length;
      const refreshes = server.stats().token['refresh_token'] ?? 0;
      const bound = Math.floor(elapsedMs / 1000 / 1.5) + 1; // 2 s tokens, skew capped at 0.5 s: one refresh per 1.5 s
      console.info(
        `[redis cluster failover] ${outcomes.length} requests in ${elapsedMs} ms: before ${count(outcomes, 'before', 'ok')} ok; ` +
          `down (${failedOverMs} ms to fail over) ${count(outcomes, 'down', 'ok')} ok / ${count(outcomes, 'down', 'StorageError')} StorageError; ` +
          `failed-over ${count(outcomes, 'failed-over', 'ok')}/${count(outcomes, 'failed-over')} ok; rejoined ${count(outcomes, 'rejoined', 'ok')}/${count(outcomes, 'rejoined')} ok; ` +
          `bystander key while down ${count(bystanderOutcomes, 'down', 'ok')}/${count(bystanderOutcomes, 'down')} ok; ${refreshes} refreshes (bound ${bound})`,
      );

      expect(outcomes.filter((o) => o.outcome !== 'ok' && o.outcome !== 'StorageError')).toEqual([]);
      expect(bystanderOutcomes.filter((o) => o.outcome !== 'ok' && o.outcome !== 'StorageError')).toEqual([]);
      expect(count(outcomes, 'before', 'ok')).toBe(count(outcomes, 'before'));
      expect(count(outcomes, 'down', 'StorageError')).toBeGreaterThan(0);
      expect(count(outcomes, 'failed-over')).toBeGreaterThan(0);
      expect(count(outcomes, 'failed-over', 'ok')).toBe(count(outcomes, 'failed-over'));
      expect(count(outcomes, 'rejoined', 'ok')).toBe(count(outcomes, 'rejoined'));
      expect(count(bystanderOutcomes, 'failed-over', 'ok')).toBe(count(bystanderOutcomes, 'failed-over'));
      expect(server.stats().tokenErrors).toEqual({}); // no refresh token presented twice (rotation would revoke the grant)
      expect(refreshes).toBeGreaterThan(0);
      expect(refreshes).toBeLessThanOrEqual(bound);

      // Nothing lost: the stored credential is current, and the grant still refreshes.
      const current = await flows[0]!.getCredentials();
      expect((await storages[1]!.get('shared'))?.toStored()).toEqual(current.toStored());
      await flows[1]!.refresh();
      expect(await new OAuth2APIRequest(flows[0]!).request(server.endpoints.api)).toMatchObject({ sub: 'test-user' });
      expect(server.stats().tokenErrors).toEqual({});
      expect((await storages[0]!.get(bystander))?.accessToken).toBe('bystander');
    } finally {
      running = false;
      await Promise.allSettled(storages.map((storage) => storage.close()));
    }
  }, 60_000);
});

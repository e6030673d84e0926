// Many processes, one credential, on a Redis Cluster (3 masters): the refresh test of
// ./refresh.test.ts — 6 real processes × 50 concurrent request loops, rotating refresh tokens,
// 2-second access tokens — over `redis+cluster://`. Every request succeeds, the server sees at
// most one refresh per expiry (+1) and never an invalid_grant, and the grant is alive at the end.
// Shorter than the single-server run (10 s): the protocol is the same, what is new is the cluster
// client and the hash-tagged lease and record.
import { randomBytes } from 'node:crypto';
import { OAuth2APIRequest } from '@oauthflow/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCluster, requireRedisCluster } from '../../packages/storage-redis/test/fixtures/redis-cluster.js';
import { makeFlow } from '../helpers/flow-fixtures.js';
import { cleanUp, openBackend, type BackendSpec } from './backends.js';
import { describeRun, refreshBound, useFleet } from './fleet.js';

const LIFETIME = 2;
const SKEW = 60;
const PROCESSES = 6;
const LANES = 50;
const DURATION_MS = Number(process.env['OAUTHFLOW_MP_CLUSTER_DURATION_MS'] ?? 10_000);

const context = useFleet(PROCESSES, LIFETIME, 'oauthflow-mp-cluster-');
const available = requireRedisCluster();

describe.runIf(available)(`${PROCESSES} processes × ${LANES} request loops share one credential on a Redis Cluster`, () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await RedisCluster.start({ masters: 3 });
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    'redis+cluster://: every request succeeds, one refresh per expiry, no invalid_grant, the grant survives',
    async () => {
      const spec: BackendSpec = { kind: 'redis', url: cluster.url, namespace: `oauthflow-mp-${randomBytes(4).toString('hex')}`, leaseMs: 2000 };
      const storage = await openBackend(spec);
      try {
        const run = await context.fleet.run(context.server, spec, storage, { lanes: LANES, durationMs: DURATION_MS, paceMs: 1000, refreshSkewSeconds: SKEW });
        const refreshes = run.stats.token['refresh_token'] ?? 0;
        const bound = refreshBound(run.elapsedMs, LIFETIME, SKEW);
        console.info(describeRun('redis cluster', run, refreshes, bound));

        expect(run.errors).toEqual({});
        expect(run.failed).toBe(0);
        expect(run.results).toHaveLength(PROCESSES);
        expect(run.stats.tokenErrors).toEqual({});
        expect(refreshes).toBeGreaterThanOrEqual(Math.floor(bound.expiries / 2));
        expect(refreshes).toBeLessThanOrEqual(bound.bound);

        const flow = makeFlow(context.server, { storage, key: 'shared' });
        await flow.refresh();
        expect(await new OAuth2APIRequest(flow).request(context.server.endpoints.api)).toMatchObject({ sub: 'test-user' });
      } finally {
        await cleanUp(spec, storage);
      }
    },
    DURATION_MS + 90_000,
  );
});

// The same fleet as refresh.test.ts, but one process is killed with SIGKILL while it
// holds the credential's lock: when its credential goes stale it takes the lock and hangs there,
// before any refresh, and is kill -9ed 2 s later. The others wait — for the lease to run out
// (FileStorage, SQLite and Redis: 2 s leases here, renewed while the holder lives) or for
// PostgreSQL to end the dead session's advisory lock — then one of them refreshes, and the run
// succeeds as if nothing had happened.
import { OAuth2APIRequest } from '@oauthflow/core';
import { describe, expect, it } from 'vitest';
import { makeFlow } from '../helpers/flow-fixtures.js';
import { BACKENDS, cleanUp, newSpec, openBackend } from './backends.js';
import { availableBackends } from './services.js';
import { describeRun, refreshBound, useFleet } from './fleet.js';

const LIFETIME = 2;
const SKEW = 60; // capped at 0.5 s: stale 1.5 s after issue
const PROCESSES = 6; // the one that hangs and is killed, and five that carry on
const LANES = 50;
const DURATION_MS = Number(process.env['OAUTHFLOW_MP_TAKEOVER_DURATION_MS'] ?? 8000);
const LEASE_MS = 2000; // FileStorage's minimum
const HANG = { where: 'lock', afterMs: 2500, killAfterMs: 2000 } as const;

const context = useFleet(PROCESSES, LIFETIME, 'oauthflow-mp-kill-');
const available = await availableBackends();

describe.sequential('a lock holder killed with SIGKILL: the others take over after its lease', () => {
  for (const kind of BACKENDS) {
    it.runIf(available[kind])(
      `${kind}: the survivors' requests all succeed, one refresh per expiry, no invalid_grant`,
      async () => {
        const spec = newSpec(kind, context.dir, LEASE_MS);
        const storage = await openBackend(spec);
        try {
          const run = await context.fleet.run(context.server, spec, storage, {
            lanes: LANES,
            durationMs: DURATION_MS,
            paceMs: 1000,
            refreshSkewSeconds: SKEW,
            hang: HANG,
          });
          const refreshes = run.stats.token['refresh_token'] ?? 0;
          const bound = refreshBound(run.elapsedMs, LIFETIME, SKEW);
          console.info(describeRun(kind, run, refreshes, bound));

          expect(run.killedAtMs).toBeDefined();
          expect(run.errors).toEqual({});
          expect(run.failed).toBe(0);
          expect(run.results).toHaveLength(PROCESSES - 1);
          expect(run.stats.tokenErrors).toEqual({});
          expect(refreshes).toBeLessThanOrEqual(bound.bound);
          // Refreshes went on after the kill: the lock was taken over.
          expect(refreshes).toBeGreaterThanOrEqual(Math.floor((run.elapsedMs - run.killedAtMs!) / 1000 / bound.interval / 2));
          // The others' requests waited for the lock: at least from their next expiry (≤ 1.5 s after
          // the hang began) until the kill (2 s after it), on PostgreSQL; longer with a lease.
          expect(Math.max(...run.results.map((r) => r.latency.max))).toBeGreaterThanOrEqual(300);

          const flow = makeFlow(context.server, { storage, key: 'shared' });
          await flow.refresh();
          expect(await new OAuth2APIRequest(flow).request(context.server.endpoints.api)).toMatchObject({ sub: 'test-user' });
        } finally {
          await cleanUp(spec, storage);
        }
      },
      DURATION_MS + 90_000,
    );
  }

  // The one crash no client can survive alone: the server has rotated (the stored refresh token is
  // retired) and the only copy of the new one dies with the process. The survivors find its refresh
  // marked in flight and wait for it (here 1.5 s, as long as inFlightWaitMs allows); then they present
  // the retired token, get invalid_grant (the server revokes the grant), and report it as an
  // OAuth2Error telling the user to authorize again — once per process, not once per request.
  it('file: a holder killed after the server rotated, before its save: the survivors say "authorize again"', async () => {
    const spec = newSpec('file', context.dir, LEASE_MS);
    const storage = await openBackend(spec);
    try {
      const run = await context.fleet.run(context.server, spec, storage, {
        lanes: LANES,
        durationMs: 5000,
        paceMs: 1000,
        refreshSkewSeconds: SKEW,
        hang: { where: 'save', afterMs: 0, killAfterMs: 200 },
        inFlightWaitMs: 1500,
      });
      const refused = Object.entries(run.errors).filter(([name]) => name.startsWith('OAuth2Error') && name.includes('authorize again'));
      console.info(
        `[file, killed before its save] ${run.ok} ok, ${run.failed} failed: ${JSON.stringify(run.errors)}; token endpoint: ${JSON.stringify(run.stats.token)} ${JSON.stringify(run.stats.tokenErrors)}`,
      );
      expect(refused.length).toBeGreaterThan(0);
      expect(Object.keys(run.errors).every((name) => name.startsWith('OAuth2Error'))).toBe(true);
      expect(run.stats.tokenErrors['invalid_grant']).toBeGreaterThan(0);
      // A dead grant costs each process one refused refresh, not one per request.
      expect(run.stats.tokenErrors['invalid_grant']).toBeLessThanOrEqual(PROCESSES - 1);
    } finally {
      await cleanUp(spec, storage);
    }
  }, 60_000);
});

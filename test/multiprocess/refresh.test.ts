// Many processes, one credential. For each shared store, 6 real processes × 50 concurrent
// request loops share one credential for 20 s, against the local server with refresh token
// rotation and 2-second access tokens: every request succeeds, the server sees at most one
// refresh per expiry (+1), never an invalid_grant, and the grant is alive at the end.
//
// The bound, for the defaults here: tokens live 2 s; refreshSkewSeconds is the default 60, which
// the flow caps at a quarter of the lifetime, 0.5 s; so a credential goes stale 1.5 s after it was
// requested, and each refresh comes ≥ 1.5 s after the previous one. Over a run of `elapsed` seconds
// that allows floor(elapsed / 1.5) refreshes, + 1 for a credential already stale at the start
// (≈ 14 for a 20 s run). A single duplicate refresh per expiry would double the count, and with
// rotation it would also be an invalid_grant that revokes the grant.
//
// Each lane pauses ~1 s (jittered) between requests: on a 2-core machine the local server tops out
// at a few hundred requests a second, and a saturated machine queues requests for longer than the
// tokens live — a test of the machine, not of the protocol. What matters happens anyway: at each
// expiry every process finds the credential stale within milliseconds of the others.
import { OAuth2APIRequest } from '@oauthflow/core';
import { describe, expect, it } from 'vitest';
import { makeFlow } from '../helpers/flow-fixtures.js';
import { BACKENDS, cleanUp, newSpec, openBackend } from './backends.js';
import { availableBackends } from './services.js';
import { describeRun, refreshBound, useFleet } from './fleet.js';

const LIFETIME = 2; // seconds: the server's access token lifetime
const SKEW = 60; // the default; the flow caps it at LIFETIME / 4 = 0.5 s
const PROCESSES = 6;
const LANES = 50;
const DURATION_MS = Number(process.env['OAUTHFLOW_MP_DURATION_MS'] ?? 20_000);
const PACE_MS = 1000;

const context = useFleet(PROCESSES, LIFETIME, 'oauthflow-mp-');
const available = await availableBackends();

describe.sequential(`${PROCESSES} processes × ${LANES} concurrent request loops share one credential (rotating refresh tokens, ${LIFETIME} s tokens)`, () => {
  for (const kind of BACKENDS) {
    it.runIf(available[kind])(
      `${kind}: every request succeeds, one refresh per expiry, no invalid_grant, the grant survives`,
      async () => {
        const spec = newSpec(kind, context.dir);
        const storage = await openBackend(spec);
        try {
          const run = await context.fleet.run(context.server, spec, storage, {
            lanes: LANES,
            durationMs: DURATION_MS,
            paceMs: PACE_MS,
            refreshSkewSeconds: SKEW,
          });
          const refreshes = run.stats.token['refresh_token'] ?? 0;
          const bound = refreshBound(run.elapsedMs, LIFETIME, SKEW);
          console.info(describeRun(kind, run, refreshes, bound));

          expect(run.errors).toEqual({});
          expect(run.failed).toBe(0);
          expect(run.results).toHaveLength(PROCESSES);
          for (const result of run.results) expect(result.ok).toBeGreaterThan(0);
          expect(run.stats.tokenErrors).toEqual({}); // no invalid_grant, nor any other refusal
          expect(refreshes).toBeGreaterThanOrEqual(Math.floor(bound.expiries / 2)); // the tokens did expire, many times
          expect(refreshes).toBeLessThanOrEqual(bound.bound);
          expect(run.stats.api.ok).toBeGreaterThanOrEqual(run.ok);

          // The grant is alive: a forced refresh, and an API call with the new token, work.
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
});

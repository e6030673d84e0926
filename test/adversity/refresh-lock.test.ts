// The refresh lock under adversity, on every shared backend, against the rotating local server
// (reuse of a rotated refresh token revokes the grant there, as on real providers):
// - a lock holder frozen (SIGSTOP) while its refresh request is at the server, for 3× its lease;
// - PostgreSQL: the lock's connection killed while the refresh request is at the server;
// - a process whose clock runs an hour ahead, frozen mid-refresh while another refreshes;
// - a delete while a refresh is in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NoCredentialsError, OAuth2APIRequest } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, makeFlow } from '../helpers/flow-fixtures.js';
import { BACKENDS, cleanUp, newSpec, openBackend, type BackendKind } from '../multiprocess/backends.js';
import { availableBackends } from '../multiprocess/services.js';
import { interruptedRefresh } from './scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'oauthflow-adversity-'));
const available = await availableBackends();
/** FileStorage allows no lease under 2 s; the others get 1.5 s. PostgreSQL has no lease: its lock is its connection. */
const leaseOf = (kind: BackendKind): number => (kind === 'file' ? 2000 : 1500);

let rotating: AuthorizationServer;
let plain: AuthorizationServer;
beforeAll(async () => {
  rotating = await startAuthorizationServer({ rotateRefreshTokens: true });
  plain = await startAuthorizationServer({ rotateRefreshTokens: false });
});
afterAll(async () => {
  await rotating?.close();
  await plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withBackend<T>(
  kind: BackendKind,
  fn: (spec: ReturnType<typeof newSpec>, storage: Awaited<ReturnType<typeof openBackend>>) => Promise<T>,
): Promise<T> {
  const spec = newSpec(kind, dir, leaseOf(kind));
  const storage = await openBackend(spec);
  try {
    return await fn(spec, storage);
  } finally {
    await cleanUp(spec, storage);
  }
}

describe.sequential('a lock holder frozen while its refresh request is at the server', () => {
  for (const kind of BACKENDS) {
    it.runIf(available[kind])(
      `${kind}: one refresh grant, no invalid_grant, both end with the same working token`,
      async () => {
        await withBackend(kind, async (spec, storage) => {
          const run = await interruptedRefresh(rotating, spec, storage, { serverDelayMs: 1000, pauseMs: 3 * leaseOf(kind) });
          console.info(
            `[${kind}, frozen holder] A: ${JSON.stringify(run.a)}; B: ${JSON.stringify(run.b)}; server: ${JSON.stringify(run.stats.token)} ${JSON.stringify(run.stats.tokenErrors)}`,
          );
          expect(run.a.error).toBeUndefined();
          expect(run.b.error).toBeUndefined();
          expect(run.stats.token['refresh_token']).toBe(1);
          expect(run.stats.tokenErrors).toEqual({});
          expect(run.b.accessToken).toBe(run.a.accessToken);
          expect(run.stored).toBe(run.a.accessToken);
          // The grant is alive: the stored refresh token refreshes, and the API answers.
          const flow = makeFlow(rotating, { storage, key: 'shared' });
          await flow.refresh();
          expect(await new OAuth2APIRequest(flow).request(rotating.endpoints.api)).toMatchObject({ sub: 'test-user' });
        });
      },
      60_000,
    );
  }
});

describe('PostgreSQL: the lock connection killed while the refresh request is at the server', () => {
  it.runIf(available.postgres)(
    'at most one refresh grant, the grant alive, nothing lost',
    async () => {
      await withBackend('postgres', async (spec, storage) => {
        const run = await interruptedRefresh(rotating, spec, storage, { serverDelayMs: 1000, pauseMs: 2500, terminateLock: true });
        console.info(`[postgres, lock connection killed] A: ${JSON.stringify(run.a)}; B: ${JSON.stringify(run.b)}; server: ${JSON.stringify(run.stats.token)}`);
        expect(run.stats.token['refresh_token']).toBe(1);
        expect(run.stats.tokenErrors).toEqual({});
        expect(run.b.accessToken).toBe(run.a.accessToken);
        expect(run.stored).toBe(run.a.accessToken);
        await makeFlow(rotating, { storage, key: 'shared' }).refresh();
      });
    },
    60_000,
  );
});

// Not FileStorage: processes sharing a file share a machine, and its lock's staleness is judged by
// the mtime its holder wrote — a clock faked in one process only would make the lock look fresh for
// an hour. SQLite judges its leases by SQLite's own reading of the clock, Redis and PostgreSQL by
// the server's, so a process's clock cannot hold their locks.
describe.sequential('a process whose clock runs an hour ahead never replaces newer credentials', () => {
  for (const kind of BACKENDS.filter((k) => k !== 'file')) {
    it.runIf(available[kind])(
      `${kind}: the other process's later refresh stays stored`,
      async () => {
        await withBackend(kind, async (spec, storage) => {
          // B waits only 300 ms for A's in-flight refresh, then refreshes itself (the server does not
          // rotate, so both refreshes succeed); A's answer arrives later, from a clock an hour ahead.
          const run = await interruptedRefresh(plain, spec, storage, {
            serverDelayMs: 500,
            pauseMs: 3 * leaseOf(kind) + 1000,
            inFlightWaitMs: 300,
            clockOffsetMs: 3_600_000,
            terminateLock: kind === 'postgres',
          });
          console.info(`[${kind}, clock ahead] A: ${JSON.stringify(run.a)}; B: ${JSON.stringify(run.b)}; server: ${JSON.stringify(run.stats.token)}`);
          expect(run.b.error).toBeUndefined();
          expect(run.stats.token['refresh_token']).toBe(2);
          // Stored: B's. A's conditional save failed, and A adopted what the store held.
          expect(run.stored).toBe(run.b.accessToken);
          expect(run.a).toEqual({ type: 'done', accessToken: run.b.accessToken });
        });
      },
      60_000,
    );
  }
});

describe('a delete while a refresh is in flight', () => {
  for (const kind of BACKENDS) {
    it.runIf(available[kind])(
      `${kind}: the store stays empty, the refresh reports it`,
      async () => {
        await withBackend(kind, async (spec, storage) => {
          const flow = makeFlow(rotating, { storage, key: 'shared' });
          await authorize(rotating, flow);
          const other = await openBackend(spec);
          try {
            rotating.injectTokenFault({ kind: 'delay', ms: 800 });
            const refreshing = flow.refresh().then(
              () => undefined,
              (error: unknown) => error,
            );
            while ((await other.read('shared'))?.refreshing === undefined) await sleep(5);
            await other.delete('shared');
            expect(await refreshing).toBeInstanceOf(NoCredentialsError);
            expect(await other.get('shared')).toBeUndefined();
            expect(await storage.keys()).not.toContain('shared');
          } finally {
            await other.close?.();
          }
        });
      },
      30_000,
    );
  }
});

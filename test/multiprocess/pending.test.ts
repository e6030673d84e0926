// An authorization started on one instance (getAuthorizationUrl) is finished on
// another (exchangeCode) that shares the store, and a state works once across all instances: in
// one process with two storage objects, and with 4 real processes racing for the same callback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateMismatchError, type Storage } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, makeFlow } from '../helpers/flow-fixtures.js';
import { BACKENDS, cleanUp, newSpec, openBackend, type BackendSpec } from './backends.js';
import { availableBackends } from './services.js';
import { Fleet } from './fleet.js';

const RACERS = 4;
const dir = mkdtempSync(join(tmpdir(), 'oauthflow-mp-pending-'));
const available = await availableBackends();
let server: AuthorizationServer;
let fleet: Fleet;

beforeAll(async () => {
  fleet = Fleet.start(RACERS);
  server = await startAuthorizationServer({ accessTokenTtl: 60 });
});
afterAll(async () => {
  await fleet?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Two storage objects on one store, as two instances of an application would have. */
async function twoInstances(spec: BackendSpec): Promise<[Storage, Storage]> {
  return [await openBackend(spec), await openBackend(spec)];
}

describe.sequential('a pending authorization is shared by every instance, and works once', () => {
  for (const kind of BACKENDS) {
    it.runIf(available[kind])(`${kind}: started on one instance, finished on another; then refused everywhere`, async () => {
      const spec = newSpec(kind, dir);
      const [storageA, storageB] = await twoInstances(spec);
      try {
        const a = makeFlow(server, { storage: storageA });
        const b = makeFlow(server, { storage: storageB });
        const { url } = await a.getAuthorizationUrl();
        const redirect = await server.authorize(url);
        server.resetStats();
        const credentials = await b.exchangeCode(redirect); // b never saw this state
        expect((await storageA.get())?.accessToken).toBe(credentials.accessToken);
        expect(await callApi(server, credentials.accessToken)).toBe(200);
        await expect(a.exchangeCode(redirect)).rejects.toBeInstanceOf(StateMismatchError);
        await expect(b.exchangeCode(redirect)).rejects.toBeInstanceOf(StateMismatchError);
        expect(server.stats().token['authorization_code']).toBe(1); // the reused callback never reached the server

        // The same with a bare code and the state passed along, as a web app's callback handler may do.
        const second = await a.getAuthorizationUrl({ key: 'bare' });
        const code = new URL(await server.authorize(second.url)).searchParams.get('code')!;
        await b.exchangeCode(code, { state: second.state });
        expect(await storageA.get('bare')).toBeDefined();
        await expect(a.exchangeCode(code, { state: second.state })).rejects.toBeInstanceOf(StateMismatchError);
      } finally {
        await storageB.close?.();
        await cleanUp(spec, storageA);
      }
    });

    it.runIf(available[kind])(`${kind}: ${RACERS} processes race to finish one authorization; exactly one does`, async () => {
      const spec = newSpec(kind, dir);
      const storage = await openBackend(spec);
      try {
        const { url } = await makeFlow(server, { storage }).getAuthorizationUrl();
        const redirect = await server.authorize(url);
        server.resetStats();
        const outcomes = await fleet.exchangeRace(server, spec, redirect);
        expect(outcomes.map((o) => o.outcome).sort()).toEqual(['StateMismatchError', 'StateMismatchError', 'StateMismatchError', 'ok'].slice(-RACERS));
        expect(server.stats().token['authorization_code']).toBe(1);
        const stored = await storage.get();
        expect(stored).toBeDefined();
        expect(await callApi(server, stored!.accessToken)).toBe(200);
      } finally {
        await cleanUp(spec, storage);
      }
    });
  }
});

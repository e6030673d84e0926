/**
 * What a log may show: every public object of the flow side, printed the ways people print things
 * (util.inspect / console.log, JSON.stringify / structured loggers, String / template literals),
 * holds no token, code, verifier or client secret.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage, IssuerMismatchError, OAuth2APIRequest, OAuth2AuthorizationFlow, type Credentials } from '@oauthflow/core';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { authorize, makeFlow } from '../helpers/flow-fixtures.js';

let server: AuthorizationServer;

beforeAll(async () => {
  server = await startAuthorizationServer();
});
afterAll(async () => {
  await server?.close();
});

/** Every way an object ends up in a log line. */
function views(value: unknown): string[] {
  return [
    inspect(value, { depth: 8 }),
    inspect(value, { depth: 8, showHidden: true }),
    JSON.stringify(value) ?? '',
    JSON.stringify({ level: 'info', msg: 'state', value }),
    String(value),
    `${value as string}`,
  ];
}

function expectNoSecret(name: string, value: unknown, secrets: readonly string[]): void {
  for (const view of views(value)) {
    for (const secret of secrets) expect(view, `${name} shows a secret: ${view.slice(0, 300)}`).not.toContain(secret);
  }
}

describe('no secret in what a log shows', { timeout: 30_000 }, () => {
  it('a flow (with a client secret, after a sign-in and a refresh), its API request, its storages and its errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oauthflow-logs-'));
    const sqlite = new SQLiteStorage({ path: join(dir, 'tokens.db') });
    const file = new FileStorage(join(dir, 'tokens.json'));
    const seen: Credentials[] = [];
    const secrets = [server.clients.confidential.client_secret];
    try {
      for (const storage of [file, sqlite]) {
        const flow = makeFlow(server, { storage });
        flow.on('tokens', (c) => seen.push(c));
        const { redirect } = await authorize(server, flow);
        secrets.push(new URL(redirect).searchParams.get('code')!);
        await flow.refresh();
        // A pending authorization (its verifier is in the store) while the objects are printed.
        await flow.getAuthorizationUrl();
        const request = new OAuth2APIRequest(flow);
        await request.request(server.endpoints.api);
        const fromCredentials = new OAuth2APIRequest(seen.at(-1)!);
        const fromString = new OAuth2APIRequest(seen.at(-1)!.accessToken);
        for (const c of seen) secrets.push(c.accessToken, ...(c.refreshToken ? [c.refreshToken] : []));

        const printed = { flow, request, fromCredentials, fromString, storage, error: new IssuerMismatchError('x') };
        for (const [name, value] of Object.entries(printed)) expectNoSecret(name, value, secrets);
        expectNoSecret('everything in one structured log line', printed, secrets);
      }
    } finally {
      await sqlite.close();
    }
  });

  it('the flow shows what identifies it: client id, endpoints, scopes, key, storage kind', () => {
    const flow = makeFlow(server, { issuer: server.issuer });
    expect(flow.toJSON()).toEqual({
      client_id: server.clients.confidential.client_id,
      confidential: true,
      auth_uri: server.endpoints.authorization,
      token_uri: server.endpoints.token,
      revoke_uri: server.endpoints.revocation,
      device_uri: server.endpoints.deviceAuthorization,
      redirect_uri: 'http://127.0.0.1/callback',
      scope: ['openid', 'offline_access', 'api:read'],
      issuer: server.issuer,
      key: 'default',
      storage: 'MemoryStorage',
    });
    expect(inspect(flow)).toMatch(/^OAuth2AuthorizationFlow \{/);
    expect(String(flow)).toBe(`OAuth2AuthorizationFlow { client_id: ${server.clients.confidential.client_id}, key: default }`);
  });

  it('a subclass sees its params through the protected accessor; nobody else does', () => {
    class Inspecting extends OAuth2AuthorizationFlow {
      secretLength(): number {
        return this.params.client_secret?.length ?? 0;
      }
    }
    const flow = new Inspecting({
      client_id: 'c',
      client_secret: 'a-client-secret',
      auth_uri: server.endpoints.authorization,
      token_uri: server.endpoints.token,
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1/cb',
    });
    expect(flow.secretLength()).toBe('a-client-secret'.length);
    expect(Object.keys(flow)).not.toContain('params');
    expectNoSecret('subclass', flow, ['a-client-secret']);
  });
});

/**
 * Where the `oauthflow` binary keeps a key's client settings: in the store, with the credentials
 * they belong to. Two stores with one key name stay apart; a stale token is renewed with nothing
 * but --store and --key (from any HOME); `migrate --move` takes the settings along; a copy of a
 * rotating refresh token is warned about; an old CLI's clients/<key>.json moves into the store.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage, openStorage } from '@oauthflow/core';
import { requireService } from '@oauthflow/storage-test-suite';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { assertCliBuilt, cli, removeTempHomes, startCli, tempHome, type CliResult } from './helpers/cli.js';

const redisUrl = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redisAvailable = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');

/** Two servers whose access tokens live 2 s: a stale token within a test. */
let serverA: AuthorizationServer;
let serverB: AuthorizationServer;

beforeAll(async () => {
  assertCliBuilt();
  [serverA, serverB] = await Promise.all([startAuthorizationServer({ accessTokenTtl: 2 }), startAuthorizationServer({ accessTokenTtl: 2 })]);
});
afterAll(async () => {
  await Promise.all([serverA?.close(), serverB?.close(), removeTempHomes()]);
});

const SCOPE = ['--scope', 'openid offline_access api:read'];

/** A device login with the confidential client (its secret given once, in the environment), approved by the test. */
async function login(server: AuthorizationServer, args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const running = startCli(['login', '--device', '--no-browser', '--provider', server.issuer, '--client-id', 'confidential-client', ...SCOPE, ...args], {
    ...env,
    OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret,
  });
  const [, code] = await running.waitForStderr(/enter the code: (\S+)/);
  await server.approveDevice(code!);
  const done = await running.done;
  expect(done.code, done.stderr).toBe(0);
  return done;
}

const expire = () => new Promise((resolve) => setTimeout(resolve, 2200));

function expectNoSecret(results: readonly CliResult[], secrets: readonly string[]): void {
  for (const { stdout, stderr } of results) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
}

describe.concurrent('client settings live in the store', { timeout: 90_000 }, () => {
  it('two stores with the same key name and different servers stay independent', async ({ onTestFinished }) => {
    // Servers of its own: the other tests' refreshes would blur the counts.
    const [serverA, serverB] = await Promise.all([startAuthorizationServer(), startAuthorizationServer()]);
    onTestFinished(() => Promise.all([serverA.close(), serverB.close()]).then(() => undefined));
    const home = await tempHome();
    const storeA = `file:${join(home.dir, 'a.json')}`;
    const storeB = `file:${join(home.dir, 'b.json')}`;
    await login(serverA, ['--store', storeA, '--key', 'work'], home.env);
    await login(serverB, ['--store', storeB, '--key', 'work'], home.env);

    const refreshesA = serverA.stats().token['refresh_token'] ?? 0;
    const refreshesB = serverB.stats().token['refresh_token'] ?? 0;
    // Each refresh goes to its own store's server, with that server's client secret (stored with it).
    const refreshA = await cli(['refresh', '--store', storeA, '--key', 'work'], home.env);
    expect(refreshA.code, refreshA.stderr).toBe(0);
    expect(serverA.stats().token['refresh_token']).toBe(refreshesA + 1);
    expect(serverB.stats().token['refresh_token'] ?? 0).toBe(refreshesB);
    const refreshB = await cli(['refresh', '--store', storeB, '--key', 'work'], home.env);
    expect(refreshB.code, refreshB.stderr).toBe(0);
    expect(serverB.stats().token['refresh_token']).toBe(refreshesB + 1);

    const statusA = JSON.parse((await cli(['status', '--json', '--store', storeA], home.env)).stdout);
    const statusB = JSON.parse((await cli(['status', '--json', '--store', storeB], home.env)).stdout);
    expect(statusA.keys).toEqual([expect.objectContaining({ key: 'work', provider: serverA.issuer, clientId: 'confidential-client' })]);
    expect(statusB.keys).toEqual([expect.objectContaining({ key: 'work', provider: serverB.issuer })]);

    // Logging out of one store leaves the other's login whole.
    expect((await cli(['logout', '--store', storeA, '--key', 'work'], home.env)).code).toBe(0);
    const stillB = await cli(['refresh', '--store', storeB, '--key', 'work'], home.env);
    expect(stillB.code, stillB.stderr).toBe(0);
    expect(existsSync(join(home.env.XDG_CONFIG_HOME, 'oauthflow'))).toBe(false);
    expectNoSecret([refreshA, refreshB, stillB], [serverA.clients.confidential.client_secret, serverB.clients.confidential.client_secret]);
  });

  it('token after expiry refreshes with nothing but --store and --key, from a fresh HOME', async () => {
    const home = await tempHome();
    const storePath = join(home.dir, 'tokens.json');
    const store = `file:${storePath}`;
    await login(serverA, ['--store', store, '--key', 'k'], home.env);
    const first = await new FileStorage(storePath).get('k');
    await expire();
    const elsewhere = await tempHome();
    const token = await cli(['token', '--store', store, '--key', 'k'], elsewhere.env);
    expect(token.code, token.stderr).toBe(0);
    const now = await new FileStorage(storePath).get('k');
    expect(token.stdout).toBe(`${now!.accessToken}\n`);
    expect(now!.accessToken).not.toBe(first!.accessToken);
    // The refresh noted that this server rotates refresh tokens, in the settings stored with the key.
    expect(now!.refreshToken).not.toBe(first!.refreshToken);
    expect(now!.meta['oauthflowCli']).toMatchObject({ refreshTokenRotates: true, clientId: 'confidential-client' });
    const status = await cli(['status', '--json', '--store', store], elsewhere.env);
    expectNoSecret([token, status], [serverA.clients.confidential.client_secret]);
  });

  it.skipIf(!redisAvailable)('migrate --move to Redis, then token from a fresh HOME; a copy of a rotating refresh token is warned about', async () => {
    const home = await tempHome();
    const fileUri = `file:${join(home.dir, 'tokens.json')}`;
    const redisUri = `${redisUrl}${redisUrl.includes('?') ? '&' : '?'}namespace=oauthflow-cliset-${randomUUID()}`;
    try {
      await login(serverA, ['--store', fileUri, '--key', 'moved'], home.env);
      await login(serverA, ['--store', fileUri, '--key', 'copied'], home.env);
      // A refresh shows the server rotates: the plain copy below is warned about.
      expect((await cli(['refresh', '--store', fileUri, '--key', 'copied'], home.env)).code).toBe(0);

      const copy = await cli(['migrate', '--from', fileUri, '--to', redisUri, '--json'], home.env);
      expect(copy.code, copy.stderr).toBe(0);
      expect(JSON.parse(copy.stdout)).toEqual({ from: fileUri, to: expect.any(String), copied: ['copied', 'moved'], skipped: [] });
      expect(copy.stderr).toContain('oauthflow: warning: the provider rotates the refresh tokens of "copied"; the refresh tokens of "moved" may rotate');
      expect(copy.stderr).toContain('or migrate with --move instead');
      await cli(['logout', '--store', redisUri, '--key', 'copied'], home.env);
      await cli(['logout', '--store', redisUri, '--key', 'moved'], home.env);

      const move = await cli(['migrate', '--from', fileUri, '--to', redisUri, '--move'], home.env);
      expect(move.code, move.stderr).toBe(0);
      expect(move.stdout).toMatch(/^Moved 2 key\(s\) from file:.* to redis:\/\/.*: copied, moved\n$/);
      expect(move.stderr).not.toContain('warning');
      expect(JSON.parse((await cli(['status', '--json', '--store', fileUri], home.env)).stdout).keys).toEqual([]);

      await expire();
      const fresh = await tempHome();
      const token = await cli(['token', '--store', redisUri, '--key', 'moved'], fresh.env);
      expect(token.code, token.stderr).toBe(0);
      const redis = await openStorage(redisUri);
      try {
        expect(token.stdout).toBe(`${(await redis.get('moved'))!.accessToken}\n`);
      } finally {
        await redis.close?.();
      }
      expectNoSecret([copy, move, token], [serverA.clients.confidential.client_secret]);
    } finally {
      const redis = await openStorage(redisUri);
      for (const key of await redis.keys()) await redis.delete(key);
      await redis.close?.();
    }
  });

  it("an older CLI's clients/<key>.json is read once and moved into the store that holds the key", async () => {
    const home = await tempHome();
    const storePath = join(home.dir, 'tokens.json');
    const store = `file:${storePath}`;
    await login(serverA, ['--store', store, '--key', 'old', '--no-save-secret'], home.env);
    // Make the store look as an older CLI left it: the settings in a file, none in the store.
    const file = new FileStorage(storePath);
    const stored = (await file.get('old'))!;
    const { clientSecret: _none, ...settings } = stored.meta['oauthflowCli'] as Record<string, unknown>;
    await file.save(stored.with({ meta: {} }), 'old');
    const clients = join(home.env.XDG_CONFIG_HOME, 'oauthflow/clients');
    await mkdir(clients, { recursive: true });
    await writeFile(join(clients, 'old.json'), JSON.stringify(settings));
    await writeFile(join(clients, 'elsewhere.json'), JSON.stringify(settings));

    // The older CLI never saved the secret: it is given per call (paired with the client id).
    const env = { ...home.env, OAUTHFLOW_CLIENT_ID: 'confidential-client', OAUTHFLOW_CLIENT_SECRET: serverA.clients.confidential.client_secret };
    const refresh = await cli(['refresh', '--store', store, '--key', 'old'], env);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stderr).toBe(`oauthflow: moved the client settings of key "old" from ${join(clients, 'old.json')} into ${store}, next to its credentials\n`);
    expect(existsSync(join(clients, 'old.json'))).toBe(false);
    expect((await file.get('old'))!.meta['oauthflowCli']).toMatchObject({ clientId: 'confidential-client', provider: serverA.issuer });
    // Moved once: the next command reads the store, and says nothing.
    const again = await cli(['refresh', '--store', store, '--key', 'old'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    // A file whose key this store does not hold is left alone: it may belong to another store.
    expect((await cli(['status', '--store', store, '--key', 'elsewhere'], env)).code).toBe(3);
    expect(existsSync(join(clients, 'elsewhere.json'))).toBe(true);
    // A file written by a login at another server (the same key name in another store) is not used for this key.
    await login(serverA, ['--store', store, '--key', 'stranger'], home.env);
    await file.save((await file.get('stranger'))!.with({ meta: {} }), 'stranger');
    await writeFile(join(clients, 'stranger.json'), JSON.stringify({ ...settings, provider: serverB.issuer, issuer: serverB.issuer }));
    const stranger = await cli(['refresh', '--store', store, '--key', 'stranger'], home.env);
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain(
      `oauthflow: ${join(clients, 'stranger.json')} is for ${serverB.issuer}, but the credentials of key "stranger" in ${store} were issued by ${serverA.issuer}: not using it`,
    );
    expect(existsSync(join(clients, 'stranger.json'))).toBe(true);
  });
});

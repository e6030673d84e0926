/**
 * The `oauthflow` binary over an encrypted store: with OAUTHFLOW_ENCRYPTION_KEYS the tokens and
 * the client settings stored with them (secret included) are sealed on disk; without the key a
 * sealed store is a clear error, never an envelope printed as a token; `reencrypt` encrypts a
 * plaintext store and reseals with a new key, each key kept readable throughout.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { assertCliBuilt, cli, removeTempHomes, startCli, tempHome, type CliResult } from './helpers/cli.js';

let server: AuthorizationServer;

beforeAll(async () => {
  assertCliBuilt();
  server = await startAuthorizationServer();
});
afterAll(async () => {
  await Promise.all([server?.close(), removeTempHomes()]);
});

const key = () => randomBytes(32).toString('base64');

/** A device login with the confidential client, approved by the test; returns the printed token. */
async function login(store: string, env: Record<string, string>): Promise<void> {
  const running = startCli(
    [
      'login',
      '--device',
      '--no-browser',
      '--store',
      store,
      '--provider',
      server.issuer,
      '--client-id',
      'confidential-client',
      '--scope',
      'openid offline_access api:read',
    ],
    { ...env, OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret },
  );
  const [, code] = await running.waitForStderr(/enter the code: (\S+)/);
  await server.approveDevice(code!);
  const done = await running.done;
  expect(done.code, done.stderr).toBe(0);
}

function expectOk(result: CliResult): CliResult {
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe.concurrent('an encrypted store', { timeout: 60_000 }, () => {
  it('seals tokens and client settings on disk; without the key it says which variable to set', async () => {
    const home = await tempHome();
    const file = join(home.dir, 'tokens.json');
    const store = `file:${file}`;
    const withKey = { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: key() };
    await login(store, withKey);

    const token = expectOk(await cli(['token', '--store', store], withKey)).stdout.trim();
    expect(token.length).toBeGreaterThan(10);
    const onDisk = await readFile(file, 'utf8');
    for (const secret of [token, server.clients.confidential.client_secret, 'confidential-client']) expect(onDisk).not.toContain(secret);
    expect(onDisk).toContain('oauthflow-enc:2:');

    // A refresh with nothing but the store and the key: the client settings came out of the envelope.
    expectOk(await cli(['refresh', '--store', store], withKey));

    for (const command of [['token'], ['status'], ['refresh']]) {
      const without = await cli([...command, '--store', store], home.env);
      expect(without.code, without.stderr).toBe(1);
      expect(without.stderr).toContain('are encrypted: set OAUTHFLOW_ENCRYPTION_KEYS');
      expect(without.stdout).not.toContain('oauthflow-enc');
    }
    const wrong = await cli(['token', '--store', store], { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: key() });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/key id "[0-9a-f]{12}", which is none of this EncryptedStorage's keys/);
  });

  it('reencrypt encrypts a plaintext store, then reseals it with a new key', async () => {
    const home = await tempHome();
    const file = join(home.dir, 'tokens.json');
    const store = `file:${file}`;
    await login(store, home.env);
    const plaintext = expectOk(await cli(['token', '--store', store], home.env)).stdout.trim();
    expect(await readFile(file, 'utf8')).toContain(plaintext);

    const first = key();
    const encrypt = JSON.parse(expectOk(await cli(['reencrypt', '--json', '--store', store], { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: first })).stdout);
    expect(encrypt).toMatchObject({ encrypted: 1, reencrypted: 0, failed: [] });
    expect(await readFile(file, 'utf8')).not.toContain(plaintext);
    expect(expectOk(await cli(['token', '--store', store], { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: first })).stdout.trim()).toBe(plaintext);

    const second = key();
    const rotated = await cli(['reencrypt', '--store', store], { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: `${second},${first}` });
    expect(expectOk(rotated).stdout).toContain('encrypted 0 plaintext key(s), resealed 1 with the current key, 0 already current');
    // Sealed with the new key alone now: the old key no longer opens it.
    expect(expectOk(await cli(['token', '--store', store], { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: second })).stdout.trim()).toBe(plaintext);
    expect((await cli(['token', '--store', store], { ...home.env, OAUTHFLOW_ENCRYPTION_KEYS: first })).code).not.toBe(0);

    const missing = await cli(['reencrypt', '--store', store], home.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Set OAUTHFLOW_ENCRYPTION_KEYS to the key to encrypt with');
  });
});

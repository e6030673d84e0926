/**
 * `oauthflow revoke` for a Google login, against the Google emulator: one revocation ends the
 * grant, the store is emptied, and revoking again exits 0.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import { startGoogleEmulator, type GoogleEmulator } from '@oauthflow/testing';
import { assertCliBuilt, cli, removeTempHomes, startCli, tempHome, type CliResult } from './helpers/cli.js';

let google: GoogleEmulator;

beforeAll(async () => {
  assertCliBuilt();
  google = await startGoogleEmulator();
});
afterAll(async () => {
  await Promise.all([google?.close(), removeTempHomes()]);
});

/** `oauthflow login --provider google` (loopback) against the emulator, the user consenting: exits 0. */
async function loginWithGoogle(): Promise<{ storePath: string; env: Record<string, string>; login: CliResult }> {
  const home = await tempHome();
  const storePath = join(home.dir, 'tokens.json');
  const { client_id, client_secret } = google.clients.desktop;
  const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}`, OAUTHFLOW_CLIENT_SECRET: client_secret };
  const running = startCli(
    [
      'login',
      '--no-browser',
      '--provider',
      'google',
      '--client-id',
      client_id,
      '--scope',
      'openid email',
      '--auth-uri',
      google.endpoints.authorization,
      '--token-uri',
      google.endpoints.token,
      '--revoke-uri',
      google.endpoints.revocation,
      '--device-uri',
      google.endpoints.deviceAuthorization,
    ],
    env,
  );
  const [url] = await running.waitForStderr(/http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+/);
  const page = await fetch(await google.authorize(url));
  expect(page.status).toBe(200);
  const login = await running.done;
  expect(login.code, login.stderr).toBe(0);
  return { storePath, env, login };
}

describe('oauthflow against Google (emulated)', { timeout: 60_000 }, () => {
  it('login (loopback), then revoke exits 0 and empties the store; a second revoke exits 0 too', async () => {
    const { storePath, env, login } = await loginWithGoogle();
    const stored = await new FileStorage(storePath).get('default');
    expect(stored?.refreshToken).toBeTruthy();

    google.resetStats();
    const revoke = await cli(['revoke'], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    // As Google's own client does: the token alone, no client authentication.
    expect(google.stats().revocation).toEqual({ ok: 1, invalidToken: 0, withClientAuthentication: 0 });
    expect(await new FileStorage(storePath).get('default')).toBeUndefined();
    const again = await cli(['revoke'], env);
    expect(again.code, again.stderr).toBe(0);
    for (const output of [login, revoke, again]) expect(output.stdout + output.stderr).not.toContain(stored!.refreshToken!);
  });
});

describe('oauthflow status for a Google login', { timeout: 60_000 }, () => {
  it("shows when the refresh token expires (Google's refresh_token_expires_in), in the table and in --json", async () => {
    const { storePath, env } = await loginWithGoogle();
    const stored = await new FileStorage(storePath).get('default');
    expect(stored?.refreshTokenExpiresAt).toBeInstanceOf(Date);

    const json = await cli(['status', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { keys: Array<{ refreshTokenExpiresAt: string | null }> };
    expect(parsed.keys[0]?.refreshTokenExpiresAt).toBe(stored!.refreshTokenExpiresAt!.toISOString());
    const table = await cli(['status'], env);
    expect(table.stdout).toMatch(/default\s+valid\s+in 60 min\s+in 7 days/);
  });
});

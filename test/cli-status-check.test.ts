/**
 * `oauthflow status --check` asks the local authorization server about each grant — never by
 * refreshing it — and shows who it belongs to, the scopes granted and when the refresh token
 * ends; a grant the server no longer accepts exits 3.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import type { AuthorizationServer } from '@oauthflow/testing';
import { cli, startCli, tempHome, useCliServer } from './helpers/cli.js';

let server: AuthorizationServer;

useCliServer((started) => {
  server = started;
});

interface Checked {
  key: string;
  check: { alive: boolean | null; how: string; identity: { sub?: string; from: string } | null; scope: string[] | null; refreshTokenExpiresAt: string | null };
}

describe('oauthflow status --check', { timeout: 90_000 }, () => {
  it('a live grant: identity, scopes and refresh-token expiry from the server; a revoked one: exit 3', async () => {
    const home = await tempHome();
    const storePath = join(home.dir, 'tokens.json');
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}` };
    const login = startCli(
      ['login', '--device', '--no-browser', '--provider', server.issuer, '--client-id', 'public-client', '--scope', 'openid offline_access api:read'],
      env,
    );
    const [, code] = await login.waitForStderr(/enter the code: (\S+)/);
    await server.approveDevice(code!);
    expect((await login.done).code).toBe(0);
    const tokensBefore = server.stats().token['refresh_token'] ?? 0;

    const json = await cli(['status', '--check', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const [entry] = (JSON.parse(json.stdout) as { keys: Checked[] }).keys;
    expect(entry!.check).toMatchObject({ alive: true, identity: { sub: 'test-user', from: 'introspection' }, scope: ['openid', 'offline_access', 'api:read'] });
    expect(entry!.check.how).toMatch(/^the refresh token is active \(introspection, http:\/\/127\.0\.0\.1:\d+\/introspect\)$/);
    expect(Date.parse(entry!.check.refreshTokenExpiresAt!)).toBeGreaterThan(Date.now());
    const text = await cli(['status', '--check'], env);
    expect(text.stdout).toMatch(/^default: grant alive — the refresh token is active/m);
    expect(text.stdout).toMatch(/^ {2}identity {6}sub test-user \(introspection\)$/m);
    expect(text.stdout).toMatch(/^ {2}refresh token expires \S+ \(in \d+ days\)$/m);
    // Checking never refreshed.
    expect(server.stats().token['refresh_token'] ?? 0).toBe(tokensBefore);

    // Revoked at the server, still stored here: the check says so, exit 3.
    const store = new FileStorage(storePath);
    const kept = (await store.get('default'))!;
    expect((await cli(['revoke'], env)).code).toBe(0);
    await store.save(kept, 'default');
    const dead = await cli(['status', '--check'], env);
    expect(dead.code).toBe(3);
    expect(dead.stdout).toMatch(/^default: grant NOT ALIVE — the refresh token is NOT active/m);
    expect(dead.stderr).toBe('oauthflow: The server no longer accepts the grant of "default"; run: oauthflow login\n');
    for (const token of [kept.accessToken, kept.refreshToken!]) expect(json.stdout + text.stdout + dead.stdout + dead.stderr).not.toContain(token);
  });

  it('a confidential client credentials login: its access token introspected with the client secret', async () => {
    const home = await tempHome();
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${join(home.dir, 'tokens.json')}`, OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret };
    expect(
      (
        await cli(
          ['login', '--client-credentials', '--key', 'ci', '--provider', server.issuer, '--client-id', 'confidential-client', '--scope', 'api:read'],
          env,
        )
      ).code,
    ).toBe(0);
    const result = await cli(['status', '--check', '--key', 'ci', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const [entry] = (JSON.parse(result.stdout) as { keys: Checked[] }).keys;
    expect(entry!.check).toMatchObject({ alive: true, scope: ['api:read'], refreshTokenExpiresAt: null });
    expect(entry!.check.how).toMatch(/^the access token is active \(introspection/);
  });
});

/**
 * The `oauthflow` binary against the local authorization server: every way to log in, then the
 * commands that use the login. The test plays the user and the browser.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { AUTHORIZATION_URL, assertCliBuilt, cli, startCli, removeTempHomes, tempHome, type CliResult } from './helpers/cli.js';

let server: AuthorizationServer;
/** Tokens live 2 s here: for the automatic refresh. */
let shortLived: AuthorizationServer;

beforeAll(async () => {
  assertCliBuilt();
  [server, shortLived] = await Promise.all([startAuthorizationServer(), startAuthorizationServer({ accessTokenTtl: 2 })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), shortLived?.close(), removeTempHomes()]);
});

/** Runs `oauthflow login` in loopback mode and plays the browser: authorize, then follow the redirect to the CLI. */
async function loopbackLogin(as: AuthorizationServer, args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const running = startCli(['login', '--no-browser', '--provider', as.issuer, ...args], env);
  const [url] = await running.waitForStderr(AUTHORIZATION_URL);
  const redirect = await as.authorize(url);
  const page = await fetch(redirect);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Signed in');
  return running.done;
}

/** Runs `oauthflow login --device` and approves the printed user code. */
async function deviceLogin(as: AuthorizationServer, args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const running = startCli(['login', '--device', '--no-browser', '--provider', as.issuer, ...args], env);
  const [, userCode] = await running.waitForStderr(/enter the code: (\S+)/);
  await as.approveDevice(userCode!);
  return running.done;
}

function expectNoSecret(results: readonly CliResult[], secrets: readonly (string | undefined)[]): void {
  for (const { stdout, stderr } of results) {
    for (const secret of secrets) if (secret) expect(stdout + stderr).not.toContain(secret);
  }
}

describe.concurrent('oauthflow login and the commands that use it', { timeout: 90_000 }, () => {
  it('loopback login, then status, token, request, refresh, revoke', async () => {
    const home = await tempHome();
    const storePath = join(home.dir, 'tokens.json');
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}` };

    const login = await loopbackLogin(server, ['--client-id', server.clients.public.client_id, '--scope', 'openid offline_access api:read'], env);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/^Logged in: key "default" in file:.*tokens\.json \(expires in \d+ min, scopes: openid api:read, refreshable\)\n$/);
    const stored = await new FileStorage(storePath).get('default');
    expect(stored?.refreshToken).toBeTruthy();

    const status = await cli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const listing = JSON.parse(status.stdout) as { store: string; keys: Record<string, unknown>[] };
    expect(listing.store).toBe(`file:${storePath}`);
    expect(listing.keys).toEqual([
      expect.objectContaining({
        key: 'default',
        state: 'valid',
        scope: ['openid', 'api:read'],
        refreshToken: true,
        provider: server.issuer,
        clientId: 'public-client',
        grant: 'authorization_code',
      }),
    ]);
    expect(listing.keys[0]).not.toHaveProperty('accessToken');
    const shown = await cli(['status', '--show-token'], env);
    expect(shown.stdout).toContain(`default: ${stored!.accessToken}`);
    expect(shown.stdout).not.toContain(stored!.refreshToken);

    const token = await cli(['token'], env);
    expect(token).toMatchObject({ code: 0, stdout: `${stored!.accessToken}\n`, stderr: '' });

    const request = await cli(['request', server.endpoints.api], env);
    expect(request.code, request.stderr).toBe(0);
    expect(JSON.parse(request.stdout)).toMatchObject({ sub: 'test-user', client_id: 'public-client' });

    const refresh = await cli(['refresh'], env);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(refresh.stdout).toMatch(/^Refreshed "default" \(expires in/);
    const refreshed = await new FileStorage(storePath).get('default');
    expect(refreshed!.accessToken).not.toBe(stored!.accessToken);
    expect((await cli(['token'], env)).stdout.trim()).toBe(refreshed!.accessToken);

    const revocations = server.stats().revocation;
    const revoke = await cli(['revoke'], env);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(server.stats().revocation).toBeGreaterThan(revocations);
    expect(await new FileStorage(storePath).get('default')).toBeUndefined();
    const after = await cli(['token'], env);
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/^oauthflow: No credentials are stored under "default" .*; run: oauthflow login\n$/);

    expectNoSecret([login, status, refresh, revoke, after], [stored!.accessToken, stored!.refreshToken, refreshed!.refreshToken]);
  });

  it('paste mode: the user pastes the redirect URL on stdin (SQLite store)', async () => {
    const home = await tempHome();
    const env = { ...home.env, OAUTHFLOW_STORE: `sqlite:${join(home.dir, 'tokens.db')}` };
    const running = startCli(
      ['login', '--paste', '--no-browser', '--key', 'pasted', '--provider', server.issuer, '--client-id', 'public-client', '--scope', 'openid api:read'],
      env,
    );
    const [url] = await running.waitForStderr(AUTHORIZATION_URL);
    await running.waitForStderr(/Paste the URL/);
    // The browser lands on a page that does not load; the user copies its URL.
    const redirect = await server.authorize(url);
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1\/callback\?code=/);
    running.child.stdin.write(`${redirect}\n`);
    const login = await running.done;
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Logged in: key "pasted"');

    const token = await cli(['token', '--key', 'pasted', '--json'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ key: 'pasted', tokenType: 'Bearer', accessToken: expect.any(String) });
    expectNoSecret([login], [redirect.match(/code=([^&]+)/)![1]]);
  });

  it('device flow: the user enters the printed code on another device', async () => {
    const home = await tempHome();
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${join(home.dir, 'tokens.json')}` };
    const login = await deviceLogin(server, ['--key', 'tv', '--client-id', 'public-client', '--scope', 'openid api:read', '--json'], env);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toMatch(/To sign in, visit http:\/\/127\.0\.0\.1:\d+\/\S+ and enter the code: \S+/);
    expect(JSON.parse(login.stdout)).toMatchObject({ key: 'tv', grant: 'device_code', provider: server.issuer, refreshToken: true, state: 'valid' });
    const request = await cli(['request', server.endpoints.api, '--key', 'tv', '-i'], env);
    expect(request.code, request.stderr).toBe(0);
    expect(request.stdout).toMatch(/^HTTP 200 OK\n/);
    expect(request.stdout).toContain('"sub":"test-user"');
  });

  it('client credentials: the secret is stored with the credentials, and never shown; --no-save-secret leaves it out', async () => {
    const home = await tempHome();
    const secret = server.clients.confidential.client_secret;
    const storePath = join(home.dir, 'tokens.json');
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}` };
    const withSecret = { ...env, OAUTHFLOW_CLIENT_SECRET: secret };
    const login = await cli(
      ['login', '--client-credentials', '--key', 'ci', '--provider', server.issuer, '--client-id', 'confidential-client', '--scope', 'api:read', '--json'],
      withSecret,
    );
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ key: 'ci', grant: 'client_credentials', secretStored: true, refreshToken: false });

    // A fresh token needs no secret; the API sees the client as the subject.
    const request = await cli(['request', server.endpoints.api, '--key', 'ci'], env);
    expect(request.code, request.stderr).toBe(0);
    expect(JSON.parse(request.stdout)).toMatchObject({ sub: 'confidential-client', scope: 'api:read' });

    // A new token needs the secret: the stored one, with nothing but --key.
    const before = (await cli(['token', '--key', 'ci'], env)).stdout;
    const refresh = await cli(['refresh', '--key', 'ci', '--json'], env);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect((await cli(['token', '--key', 'ci'], env)).stdout).not.toBe(before);

    // The client settings live in the store, next to the tokens; no file in the config directory.
    const stored = await new FileStorage(storePath).get('ci');
    expect(stored?.meta['oauthflowCli']).toMatchObject({
      provider: server.issuer,
      clientId: 'confidential-client',
      confidential: true,
      grant: 'client_credentials',
      clientSecret: secret,
    });
    expect(existsSync(join(home.env.XDG_CONFIG_HOME, 'oauthflow/clients'))).toBe(false);
    const status = await cli(['status', '--json', '--key', 'ci'], env);
    expect(JSON.parse(status.stdout).keys[0]).toMatchObject({ clientId: 'confidential-client', grant: 'client_credentials' });
    // A second login needs neither provider flags nor the secret.
    const again = await cli(['login', '--client-credentials', '--key', 'ci'], env);
    expect(again.code, again.stderr).toBe(0);

    // --no-save-secret: a new token then needs the secret again, and the message says where to give it.
    const unsaved = await cli(['login', '--client-credentials', '--key', 'ci', '--no-save-secret', '--json'], withSecret);
    expect(unsaved.code, unsaved.stderr).toBe(0);
    expect(JSON.parse(unsaved.stdout)).toMatchObject({ secretStored: false });
    expect(await readFile(storePath, 'utf8')).not.toContain(secret);
    const noSecret = await cli(['refresh', '--key', 'ci'], withSecret);
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toBe(
      'oauthflow: The client "confidential-client" of key "ci" needs its client secret, and none is stored with the key (logged in with --no-save-secret, or before oauthflow stored it): ' +
        'pass --client-secret, set OAUTHFLOW_CLIENT_SECRET with OAUTHFLOW_CLIENT_ID=confidential-client, or log in again to store it ' +
        "(OAUTHFLOW_CLIENT_SECRET is used after login only with OAUTHFLOW_CLIENT_ID naming the key's client)\n",
    );
    const paired = await cli(['refresh', '--key', 'ci'], { ...withSecret, OAUTHFLOW_CLIENT_ID: 'confidential-client' });
    expect(paired.code, paired.stderr).toBe(0);
    const flag = await cli(['refresh', '--key', 'ci', '--client-secret', secret], env);
    expect(flag.code, flag.stderr).toBe(0);

    const logout = await cli(['logout', '--key', 'ci'], env);
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('Logged out: removed "ci"');
    expect(JSON.parse((await cli(['status', '--json'], env)).stdout)).toMatchObject({ keys: [] });
    expectNoSecret([login, request, refresh, status, again, unsaved, noSecret, paired, logout], [secret]);
  });

  it('settings from the config file and the environment; the default store lives in the data directory', async () => {
    const home = await tempHome();
    await mkdir(join(home.env.XDG_CONFIG_HOME, 'oauthflow'), { recursive: true });
    await writeFile(
      join(home.env.XDG_CONFIG_HOME, 'oauthflow/config.json'),
      JSON.stringify({
        provider: server.issuer,
        clientId: 'confidential-client',
        keys: { reports: { scope: 'api:read api:write' } },
      }),
    );
    const env = { ...home.env, OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret, OAUTHFLOW_KEY: 'reports' };
    const login = await cli(['login', '--client-credentials', '--json'], env);
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({
      key: 'reports',
      store: `sqlite:${join(home.env.XDG_DATA_HOME, 'oauthflow/tokens.db')}`,
      scope: ['api:read', 'api:write'],
    });
    expect(existsSync(join(home.env.XDG_DATA_HOME, 'oauthflow/tokens.db'))).toBe(true);
  });

  it('token and request refresh an expired access token by themselves', async () => {
    const home = await tempHome();
    const storePath = join(home.dir, 'tokens.json');
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}` };
    const login = await deviceLogin(shortLived, ['--client-id', 'public-client', '--scope', 'openid api:read'], env);
    expect(login.code, login.stderr).toBe(0);
    const first = await new FileStorage(storePath).get('default');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const token = await cli(['token'], env);
    expect(token.code, token.stderr).toBe(0);
    expect(token.stdout.trim()).not.toBe(first!.accessToken);
    expect(token.stdout.trim()).toBe((await new FileStorage(storePath).get('default'))!.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const request = await cli(['request', shortLived.endpoints.api], env);
    expect(request.code, request.stderr).toBe(0);
    expect(shortLived.stats().token['refresh_token']).toBe(2);
  });
});

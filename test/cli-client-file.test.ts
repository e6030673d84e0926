/**
 * `oauthflow login --client-secrets-file client_secret.json`: Google's downloaded client file
 * (installed and web types) is all a Google login needs, and later commands find the secret in
 * it again, so scripts need no secret in their environment.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { YOUTUBE_SCOPES } from '@oauthflow/youtube';
import { AUTHORIZATION_URL, assertCliBuilt, cli, removeTempHomes, startCli, tempHome } from './helpers/cli.js';

let server: AuthorizationServer;

beforeAll(async () => {
  assertCliBuilt();
  server = await startAuthorizationServer({ scopes: [...YOUTUBE_SCOPES] });
});
afterAll(async () => {
  await server?.close();
  await removeTempHomes();
});

/** A client file as the Google Cloud console writes it, pointing at the local server. */
function clientFile(type: 'installed' | 'web', secret: string): string {
  return JSON.stringify({
    [type]: {
      client_id: 'confidential-client',
      project_id: 'oauthflow-test',
      auth_uri: server.endpoints.authorization,
      token_uri: server.endpoints.token,
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_secret: secret,
      redirect_uris: type === 'web' ? ['http://127.0.0.1/callback'] : ['http://localhost'],
    },
  });
}

describe.concurrent('oauthflow login --client-secrets-file', { timeout: 90_000 }, () => {
  for (const type of ['installed', 'web'] as const) {
    it(`a "${type}" client file: login with nothing else, then refresh with no secret anywhere`, async () => {
      const home = await tempHome();
      const file = join(home.dir, 'client_secret_123.apps.googleusercontent.com.json');
      await writeFile(file, clientFile(type, server.clients.confidential.client_secret));
      const storePath = join(home.dir, 'tokens.json');
      const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}`, OAUTHFLOW_GOOGLE_REVOKE_URI: server.endpoints.revocation };
      // An installed client may use any loopback port; the local server registers /callback.
      const redirect = type === 'installed' ? ['--redirect-uri', 'http://127.0.0.1/callback'] : [];
      const login = startCli(['login', '--client-secrets-file', file, '--no-browser', '--key', 'g', ...redirect], env);
      const [url] = await login.waitForStderr(AUTHORIZATION_URL);
      const params = new URL(url).searchParams;
      expect({ client: params.get('client_id'), access: params.get('access_type'), redirect: params.get('redirect_uri')?.replace(/:\d+/, '') }).toEqual({
        client: 'confidential-client',
        access: 'offline',
        redirect: 'http://127.0.0.1/callback',
      });
      await fetch(await server.authorize(url)).then((response) => response.text());
      const done = await login.done;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/Logged in: key "g" .*refreshable/);

      const before = (await new FileStorage(storePath).get('g'))!;
      const refresh = await cli(['refresh', '--key', 'g'], env);
      expect(refresh.code, refresh.stderr).toBe(0);
      expect((await new FileStorage(storePath).get('g'))!.accessToken).not.toBe(before.accessToken);
      const status = JSON.parse((await cli(['status', '--json', '--key', 'g'], env)).stdout) as { keys: { provider: string; clientId: string }[] };
      expect(status.keys[0]).toMatchObject({ provider: 'google', clientId: 'confidential-client' });
      expect(done.stdout + done.stderr + refresh.stdout + refresh.stderr).not.toContain(server.clients.confidential.client_secret);
    });
  }

  it('a file that is not a Google client file, or a wrong secret in it: the file is named', async () => {
    const home = await tempHome();
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${join(home.dir, 'tokens.json')}` };
    const odd = join(home.dir, 'odd.json');
    await writeFile(odd, JSON.stringify({ type: 'service_account', client_id: 'x' }));
    const bad = await cli(['login', '--client-secrets-file', odd], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `oauthflow: The client secrets file ${odd} is not a Google client file: expected {"installed": {"client_id": …}} or {"web": {…}} (download it from the Google Cloud console, APIs & Services › Credentials)\n`,
    );
    const missing = await cli(['login', '--client-secrets-file', join(home.dir, 'nope.json')], env);
    expect(missing.stderr).toMatch(/Cannot read the client secrets file .*nope\.json: ENOENT/);

    const wrong = join(home.dir, 'wrong.json');
    await writeFile(wrong, clientFile('installed', 'wrong-secret-0123456789'));
    const refused = await cli(['login', '--client-credentials', '--client-secrets-file', wrong, '--scope', 'openid'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`with the client secret from "client_secret" in the client secrets file ${wrong} (invalid_client)`);
    expect(refused.stderr).not.toContain('wrong-secret-0123456789');
  });
});

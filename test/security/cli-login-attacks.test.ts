/**
 * The real `oauthflow login` binary while hostile local processes hit its loopback port: bad Host
 * headers, forged redirects with a wrong, missing or right state, another issuer. The process must
 * not crash or give up; the user's real redirect still logs in, and no forged code is exchanged.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '@oauthflow/core';
import type { AuthorizationServer } from '@oauthflow/testing';
import { AUTHORIZATION_URL, startCli, tempHome, useCliServer } from '../helpers/cli.js';
import { getWithHost, hostileRequests } from './helpers.js';

let server: AuthorizationServer;

useCliServer((started) => {
  server = started;
});

describe('oauthflow login under attack', { timeout: 90_000 }, () => {
  it('survives junk and forged redirects on its loopback port, then logs in with the real one', async () => {
    const home = await tempHome('oauthflow-security-');
    const storePath = join(home.dir, 'tokens.json');
    const env = { ...home.env, OAUTHFLOW_STORE: `file:${storePath}` };
    const running = startCli(
      ['login', '--no-browser', '--provider', server.issuer, '--client-id', server.clients.public.client_id, '--scope', 'openid api:read'],
      env,
    );
    const [url] = await running.waitForStderr(AUTHORIZATION_URL);
    const query = new URL(url!).searchParams;
    const redirectUri = new URL(query.get('redirect_uri')!);
    const port = Number(redirectUri.port);
    const state = query.get('state')!;
    const codeExchanges = server.stats().token['authorization_code'] ?? 0;

    const refused: string[] = [];
    for (const [what, send] of hostileRequests(port, redirectUri.pathname, state)) {
      const answer = await send();
      if (answer.status >= 400 && answer.status < 500) refused.push(what);
      else refused.push(`${what}: NOT REFUSED (${answer.status})`);
    }
    expect(refused.filter((line) => line.includes('NOT REFUSED'))).toEqual([]);
    // The login recorded the discovered issuer: a redirect naming another one is refused.
    const evil = await getWithHost(port, `${redirectUri.pathname}?code=forged&state=${state}&iss=https%3A%2F%2Fevil.example`, redirectUri.host);
    expect(evil.status).toBe(400);
    expect(evil.body).toMatch(/RFC 9207/);
    expect(running.child.exitCode).toBeNull(); // still waiting

    const page = await fetch(await server.authorize(url!));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in');
    const login = await running.done;
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Logged in: key "default"');
    expect(server.stats().token['authorization_code']).toBe(codeExchanges + 1);
    expect((await new FileStorage(storePath).get())?.accessToken).toBeTruthy();
    expect(login.stderr).not.toMatch(/TypeError|Error:/);
  });
});

import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { runScript } from './helpers/run-script.js';

let server: AuthorizationServer;
let youtube: Server;
let youtubeBase: string;
const seenAuthorization: string[] = [];

beforeAll(async () => {
  server = await startAuthorizationServer({ accessTokenTtl: 60 });
  // A stand-in for the YouTube Data API: checks the bearer with the authorization server.
  youtube = createServer(async (req, res) => {
    const authorization = req.headers.authorization ?? '';
    seenAuthorization.push(authorization);
    const check = await fetch(server.endpoints.api, { headers: { authorization } });
    const url = new URL(req.url ?? '/', 'http://x');
    if (check.status !== 200) return res.writeHead(401).end('{"error":{"code":401}}');
    if (url.pathname !== '/channels' || url.searchParams.get('mine') !== 'true') return res.writeHead(400).end('{}');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'youtube#channelListResponse', items: [{ id: 'UC-test', snippet: { title: 'Test channel' } }] }));
  });
  await new Promise<void>((resolve) => youtube.listen(0, '127.0.0.1', resolve));
  youtubeBase = `http://127.0.0.1:${(youtube.address() as AddressInfo).port}`;
});
afterAll(async () => {
  youtube?.closeAllConnections();
  youtube?.close();
  await server?.close();
});

function exampleEnv(tokenFile: string, mode: 'loopback' | 'paste'): Record<string, string> {
  return {
    OAUTHFLOW_CLIENT_ID: server.clients.confidential.client_id,
    OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret,
    OAUTHFLOW_AUTH_URI: server.endpoints.authorization,
    OAUTHFLOW_TOKEN_URI: server.endpoints.token,
    OAUTHFLOW_REVOKE_URI: server.endpoints.revocation,
    OAUTHFLOW_SCOPE: 'openid offline_access api:read',
    OAUTHFLOW_YOUTUBE_API: youtubeBase,
    OAUTHFLOW_TOKEN_FILE: tokenFile,
    OAUTHFLOW_MODE: mode,
  };
}

describe('examples/pyoauth2-youtube.ts', () => {
  it('authorizes through the loopback redirect, stores the token, then reuses it without asking', async () => {
    const tokenFile = join(await mkdtemp(join(tmpdir(), 'oauthflow-example-')), 'youtube.json');
    const first = runScript('examples/pyoauth2-youtube.ts', { env: exampleEnv(tokenFile, 'loopback') });
    const [url] = await first.waitFor(/http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/);
    // Play the browser: consent, then follow the redirect to the example's loopback server.
    const redirect = await server.authorize(url);
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    const page = await fetch(redirect);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('go back to the terminal');
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain('Test channel');
    const stored = JSON.parse(await readFile(tokenFile, 'utf8')) as { credentials: Record<string, unknown> };
    expect(Object.keys(stored.credentials)).toEqual(['default']);

    const second = runScript('examples/pyoauth2-youtube.ts', { env: exampleEnv(tokenFile, 'loopback') });
    expect(await second.exit).toBe(0);
    expect(second.output()).toContain('Test channel');
    expect(second.output()).not.toContain('/authorize?');
    expect(seenAuthorization.every((header) => header.startsWith('Bearer '))).toBe(true);
  });

  it('takes the pasted redirect URL in paste mode, as pyoauth2 did on the console', async () => {
    const tokenFile = join(await mkdtemp(join(tmpdir(), 'oauthflow-example-')), 'youtube.json');
    const run = runScript('examples/pyoauth2-youtube.ts', { env: exampleEnv(tokenFile, 'paste') });
    const [url] = await run.waitFor(/http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+/);
    await run.waitFor(/Paste the URL/);
    run.child.stdin.write(`${await server.authorize(url)}\n`);
    expect(await run.exit).toBe(0);
    expect(run.output()).toContain('Test channel');
  });
});

describe('pnpm demo', () => {
  it('narrates authorize → call → refresh with rotation → revoke and exits 0', async () => {
    const demo = runScript('examples/demo.ts');
    expect(await demo.exit).toBe(0);
    const output = demo.output();
    expect(output).toContain('Refresh token rotated');
    expect(output).toMatch(/"refresh_token":1/);
    expect(output).toContain('gets HTTP 401');
    expect(output).toContain('Done:');
  }, 60_000);
});

/**
 * The `oauthflow` binary in daily use, against the local authorization server: a client secret
 * in the environment goes only where it belongs, and the small things scripts and people trip on
 * (hints, Ctrl-C, a wrong Redis password, an unreachable issuer, a fresh machine, narrow
 * terminals) are answered clearly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Credentials, FileStorage } from '@oauthflow/core';
import type { AuthorizationServer } from '@oauthflow/testing';
import { AUTHORIZATION_URL, cli, startCli, tempHome, useCliServer } from './helpers/cli.js';
import { ROOT } from './helpers/run-script.js';

let server: AuthorizationServer;

useCliServer((started) => {
  server = started;
});

async function fileStoreHome(): Promise<{ env: Record<string, string>; dir: string; store: string }> {
  const home = await tempHome();
  const store = `file:${join(home.dir, 'tokens.json')}`;
  return { env: { ...home.env, OAUTHFLOW_STORE: store }, dir: home.dir, store };
}

/** A device login (the test approves the code), as the user would script it. */
async function deviceLogin(args: readonly string[], env: Record<string, string>): Promise<void> {
  const running = startCli(['login', '--device', '--no-browser', '--provider', server.issuer, ...args], env);
  const [, code] = await running.waitForStderr(/enter the code: (\S+)/);
  await server.approveDevice(code!);
  const done = await running.done;
  expect(done.code, done.stderr).toBe(0);
}

describe.concurrent('oauthflow in daily use', { timeout: 90_000 }, () => {
  it('OAUTHFLOW_CLIENT_SECRET goes only to the client it is for; it and --client-secret override the stored secret per call', async () => {
    const { env } = await fileStoreHome();
    const secret = server.clients.confidential.client_secret;
    await deviceLogin(['--key', 'phone', '--client-id', 'public-client', '--scope', 'openid offline_access api:read'], env);
    await cli(['login', '--client-credentials', '--key', 'ci', '--provider', server.issuer, '--client-id', 'confidential-client', '--scope', 'api:read'], {
      ...env,
      OAUTHFLOW_CLIENT_SECRET: secret,
    }).then((result) => expect(result.code, result.stderr).toBe(0));

    // The confidential client's secret in the environment; the public client's key refreshes without it.
    const withSecret = { ...env, OAUTHFLOW_CLIENT_SECRET: secret };
    const publicRefresh = await cli(['refresh', '--key', 'phone'], withSecret);
    expect(publicRefresh.code, publicRefresh.stderr).toBe(0);
    expect((await cli(['refresh', '--key', 'ci'], env)).code).toBe(0);

    // A secret in the environment without OAUTHFLOW_CLIENT_ID, or paired with another client, is not sent: the stored one is.
    const wrong = 'wrong-secret-0123456789';
    expect((await cli(['refresh', '--key', 'ci'], { ...env, OAUTHFLOW_CLIENT_SECRET: wrong })).code).toBe(0);
    expect((await cli(['refresh', '--key', 'ci'], { ...env, OAUTHFLOW_CLIENT_SECRET: wrong, OAUTHFLOW_CLIENT_ID: 'another-client' })).code).toBe(0);

    // Paired with the key's client, it overrides the stored secret; a wrong one is named by where it came from, never shown.
    const paired = await cli(['refresh', '--key', 'ci'], { ...env, OAUTHFLOW_CLIENT_SECRET: wrong, OAUTHFLOW_CLIENT_ID: 'confidential-client' });
    expect(paired.code).toBe(1);
    expect(paired.stderr).toBe(
      'oauthflow: The server refused client "confidential-client" (from the client settings stored with key "ci") of key "ci" with the client secret from OAUTHFLOW_CLIENT_SECRET (invalid_client): check that secret\n',
    );
    const flag = await cli(['refresh', '--key', 'ci', '--client-secret', 'wrong-flag-0123456789'], env);
    expect(flag.stderr).toContain('with the client secret from --client-secret (invalid_client)');
    expect(paired.stderr + flag.stderr).not.toMatch(/wrong-secret-0123456789|wrong-flag-0123456789/);
  });

  it('the re-login hint keeps --store and --key', async () => {
    const { env, dir } = await fileStoreHome();
    const other = `file:${join(dir, 'other.json')}`;
    const result = await cli(['token', '--store', other, '--key', 'work'], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`oauthflow: No credentials are stored under "work" in ${other}; run: oauthflow login --store "${other}" --key "work"\n`);
  });

  it('an unreachable issuer is named as such (ECONNREFUSED), not "no metadata"', async () => {
    const { env } = await fileStoreHome();
    const port = await freePort();
    const result = await cli(['login', '--provider', `http://127.0.0.1:${port}`, '--client-id', 'x'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `oauthflow: Cannot discover the endpoints of http://127.0.0.1:${port}: 127.0.0.1:${port} could not be reached (ECONNREFUSED); check the --provider URL and that the server is up\n`,
    );
  });

  it('status and token on a fresh machine create nothing: no data directory, no empty database', async () => {
    const home = await tempHome();
    const status = await cli(['status'], home.env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toBe(`Store: sqlite:${join(home.env.XDG_DATA_HOME, 'oauthflow/tokens.db')}\nNo credentials stored. Log in with: oauthflow login\n`);
    expect((await cli(['token'], home.env)).code).toBe(3);
    expect((await cli(['refresh'], home.env)).code).not.toBe(0);
    expect(existsSync(home.env.XDG_DATA_HOME)).toBe(false);
    expect(existsSync(home.env.XDG_CONFIG_HOME)).toBe(false);
  });

  it('a file store in a directory that does not exist yet is created by login', async () => {
    const { env, dir } = await fileStoreHome();
    const store = join(dir, 'new/nested/tokens.json');
    const login = await cli(
      ['login', '--client-credentials', '--store', `file:${store}`, '--provider', server.issuer, '--client-id', 'confidential-client', '--scope', 'api:read'],
      { ...env, OAUTHFLOW_CLIENT_SECRET: server.clients.confidential.client_secret },
    );
    expect(login.code, login.stderr).toBe(0);
    expect((await new FileStorage(store).get('default'))?.accessToken).toBeTruthy();
  });

  it('Ctrl-C during login: a message, exit 130, nothing stored', async () => {
    const { env, dir } = await fileStoreHome();
    const running = startCli(['login', '--no-browser', '--provider', server.issuer, '--client-id', 'public-client'], env);
    await running.waitForStderr(AUTHORIZATION_URL);
    running.child.kill('SIGINT');
    const done = await running.done;
    expect(done.code).toBe(130);
    expect(done.stderr).toMatch(/\noauthflow: login cancelled \(Ctrl-C\); nothing was stored under "default"\n$/);
    expect(await new FileStorage(join(dir, 'tokens.json')).get('default')).toBeUndefined();
    expect((await cli(['--help'], env)).stdout).toContain('130 interrupted (Ctrl-C)');
  });

  it('request refuses -H "Authorization: …" instead of silently replacing it', async () => {
    const { env } = await fileStoreHome();
    const result = await cli(['request', '-H', 'authorization: Bearer mine', server.endpoints.api], env);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'oauthflow: -H "Authorization: …" is refused: oauthflow request sends the stored token as the Authorization header; to send another one, use curl\n',
    );
  });

  it('the status table fits 80 columns, however long the scopes and the issuer', async () => {
    const { env, dir } = await fileStoreHome();
    const storage = new FileStorage(join(dir, 'tokens.json'));
    const scope = ['openid', 'email', 'profile', 'https://www.googleapis.com/auth/youtube.readonly', 'https://www.googleapis.com/auth/drive.file'];
    await storage.save(
      new Credentials({ accessToken: 'at-0123456789', refreshToken: 'rt', expiresAt: new Date(Date.now() + 3_600_000), scope }),
      'a-rather-long-key-name-for-work',
    );
    await storage.save(new Credentials({ accessToken: 'at-9876543210', expiresAt: new Date(Date.now() - 60_000) }), 'old');
    const status = await cli(['status'], env);
    expect(status.code, status.stderr).toBe(0);
    const lines = status.stdout.trimEnd().split('\n').slice(1);
    expect(lines[0]).toMatch(/^KEY\s+STATE\s+EXPIRES\s+REFRESH\s+SCOPES\s+CLIENT$/);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^a-rather-long-key-name-for-work\s+valid\s+in 60 min\s+yes\s+openid \S*…\s+-$/);
    expect(lines[2]).toMatch(/^old\s+expired\s+6\d s ago\s+no\s+-\s+-$/);
  });

  it('README and docs name the store variable as the CLI reads it (OAUTHFLOW_STORE)', () => {
    for (const file of ['README.md', 'docs/storage.md', 'docs/cli.md']) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      expect(text, file).not.toMatch(/(?<![A-Z_])OAUTHFLOW_STORAGE\b/);
      expect(text, file).toContain('OAUTHFLOW_STORE');
    }
  });
});

describe('a Redis store that refuses the password', { timeout: 60_000 }, () => {
  let redis: { url: (password?: string) => string; stop: () => void } | undefined;
  beforeAll(async () => {
    redis = await startPrivateRedis('s3cret-redis-pass');
  });
  afterAll(() => redis?.stop());

  it('is reported as an authentication failure (exit 1), not "no connection", and hides the password', async (context) => {
    if (redis === undefined) return context.skip();
    const home = await tempHome();
    const wrong = await cli(['status', '--store', redis.url('wrong-pass-0123')], home.env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^oauthflow: Redis at 127\.0\.0\.1:\d+ refused the password of the store redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(authentication failed\): check the password in --store or OAUTHFLOW_STORE\n$/,
    );
    expect(wrong.stderr).not.toContain('wrong-pass-0123');
    const none = await cli(['token', '--store', redis.url()], home.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/requires a password \(authentication failed\)/);
    const right = await cli(['status', '--store', redis.url('s3cret-redis-pass')], home.env);
    expect(right.code, right.stderr).toBe(0);
  });
});

/** A redis-server of this test's own, with a password, on a free port (the shared one has none). */
async function startPrivateRedis(password: string): Promise<{ url: (password?: string) => string; stop: () => void } | undefined> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    if (process.env['CI'] === 'true') throw new Error('redis-server is not installed and CI=true requires it (apt-get install redis-server)');
    console.warn('\n!!!!! SKIPPING the Redis password test: no redis-server binary. Under CI=true this is a failure.\n');
    return undefined;
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (
      spawnSync('redis-cli', ['-p', String(port), '-a', password, '--no-auth-warning', 'PING'])
        .stdout?.toString()
        .trim() === 'PONG'
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: (pass) => `redis://${pass === undefined ? '' : `:${pass}@`}127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

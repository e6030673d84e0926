/**
 * The `oauthflow` binary given bad input, or facing a dead server: one line on stderr, no
 * secret in it, and the exit code scripts rely on (1 user, 2 server/network, 3 login needed).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { cli, type CliResult, tempHome, useCliServer } from './helpers/cli.js';

let server: AuthorizationServer;

useCliServer((started) => {
  server = started;
});

/** A home and a file store of its own. */
async function isolated(): Promise<Record<string, string>> {
  const home = await tempHome();
  return { ...home.env, OAUTHFLOW_STORE: `file:${join(home.dir, 'tokens.json')}` };
}

function expectOneLine(result: CliResult, code: number, pattern: RegExp): void {
  expect(result.code, `stderr: ${result.stderr}`).toBe(code);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stdout).toBe('');
}

describe.concurrent('oauthflow errors', { timeout: 90_000 }, () => {
  it('an unknown flag: exit 1, with a suggestion, and a mistyped secret is not echoed', async () => {
    const env = await isolated();
    expectOneLine(await cli(['status', '--bogus'], env), 1, /^oauthflow: unknown option '--bogus' \(see oauthflow --help\)$/m);
    expectOneLine(await cli(['login', '--devise'], env), 1, /unknown option '--devise' \(Did you mean --device\?\)/);
    const typo = await cli(['login', '--client-secrt=hunter2-not-shown'], env);
    expectOneLine(typo, 1, /unknown option '--client-secrt=…'/);
    expect(typo.stderr).not.toContain('hunter2');
    expectOneLine(await cli(['frobnicate'], env), 1, /unknown command 'frobnicate'/);
  });

  it('a bad store URI: exit 1', async () => {
    const env = await isolated();
    expectOneLine(await cli(['status', '--store', 'bogus:somewhere'], env), 1, /^oauthflow: Unknown storage URI "bogus:somewhere": use memory:, file:/);
    expectOneLine(await cli(['token', '--store', 'sqlite:'], env), 1, /A sqlite: storage URI needs a path/);
    // The password of a store URI is never shown.
    const redis = await cli(['migrate', '--from', 'redis://:pa55word-xyz@127.0.0.1:1', '--to', 'file:/nonexistent/x.json'], env);
    expect(redis.code).toBe(2);
    expect(redis.stderr).not.toContain('pa55word-xyz');
  });

  it('the server is down: exit 2', async () => {
    const down = await startAuthorizationServer();
    const { issuer } = down;
    const env = await isolated();
    const secret = down.clients.confidential.client_secret;
    const args = ['--key', 'm2m', '--provider', issuer, '--client-id', 'confidential-client', '--scope', 'api:read'];
    const ok = await cli(['login', '--client-credentials', ...args], { ...env, OAUTHFLOW_CLIENT_SECRET: secret });
    expect(ok.code, ok.stderr).toBe(0);
    await down.close();
    expectOneLine(
      await cli(['login', '--client-credentials', ...args, '--client-secret', secret], env),
      2,
      /^oauthflow: Cannot discover the endpoints of http:\/\/127\.0\.0\.1:\d+: 127\.0\.0\.1:\d+ could not be reached \(ECONNREFUSED\)/,
    );
    // The saved client has the endpoints: refresh goes straight to the dead token endpoint.
    const refresh = await cli(['refresh', '--key', 'm2m'], { ...env, OAUTHFLOW_CLIENT_SECRET: secret });
    expectOneLine(refresh, 2, /^oauthflow: .*(ECONNREFUSED|could not be reached|unreachable)/i);
    expect(refresh.stderr).not.toContain(secret);
  });

  it('a wrong client secret: exit 1, and the secret is not shown', async () => {
    const env = await isolated();
    const args = ['login', '--client-credentials', '--provider', server.issuer, '--client-id', 'confidential-client', '--scope', 'api:read'];
    const flag = await cli([...args, '--client-secret', 'wrong-secret-flag-value'], env);
    expectOneLine(flag, 1, /^oauthflow: .*invalid_client/);
    expect(flag.stderr).not.toContain('wrong-secret-flag-value');
    const fromEnv = await cli(args, { ...env, OAUTHFLOW_CLIENT_SECRET: 'wrong-secret-env-value' });
    expectOneLine(fromEnv, 1, /invalid_client/);
    expect(fromEnv.stderr).not.toContain('wrong-secret-env-value');
  });

  it('nothing stored: exit 3, also as JSON', async () => {
    const env = await isolated();
    expectOneLine(await cli(['token'], env), 3, /^oauthflow: No credentials are stored under "default" in file:.*; run: oauthflow login$/m);
    expectOneLine(
      await cli(['refresh', '--key', 'work', '--provider', server.issuer, '--client-id', 'public-client'], env),
      3,
      /run: oauthflow login --key "work"/,
    );
    expectOneLine(await cli(['request', server.endpoints.api], env), 3, /No credentials/);
    expectOneLine(await cli(['status', '--key', 'nope'], env), 3, /No credentials are stored under "nope"/);
    const json = await cli(['token', '--json'], env);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: { code: 'ERR_OAUTHFLOW_NO_CREDENTIALS', exitCode: 3, message: expect.stringContaining('No credentials') },
    });
  });

  it('missing or malformed settings: exit 1', async () => {
    const env = await isolated();
    expectOneLine(await cli(['login', '--client-id', 'x'], env), 1, /No provider for key "default": pass --provider google\|<issuer URL>/);
    expectOneLine(await cli(['login', '--provider', server.issuer], env), 1, /No client id for key "default": pass --client-id or set OAUTHFLOW_CLIENT_ID/);
    expectOneLine(await cli(['login', '--provider', 'github', '--client-id', 'x'], env), 1, /Unknown provider "github"/);
    expectOneLine(await cli(['login', '--device', '--paste', '--client-id', 'x'], env), 1, /exclude each other/);
    expectOneLine(await cli(['request', 'http://example.com/', '--key', 'x'], env), 1, /Refusing to send the access token to http:\/\/example\.com/);
    const configDir = join(env['XDG_CONFIG_HOME']!, 'oauthflow');
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'config.json'), '{ "clientID": "typo" }');
    expectOneLine(await cli(['status'], env), 1, /config\.json: unknown field "clientID"/);
    expectOneLine(await cli(['status', '--config', join(configDir, 'missing.json')], env), 1, /Cannot read the config file .*missing\.json: ENOENT/);
  });

  it('--help of every command shows examples; --version', async () => {
    const env = await isolated();
    const commands = [
      [],
      ['login'],
      ['status'],
      ['token'],
      ['refresh'],
      ['revoke'],
      ['logout'],
      ['request'],
      ['migrate'],
      ['youtube'],
      ['youtube', 'me'],
      ['youtube', 'playlists'],
      ['youtube', 'videos'],
    ];
    const results = await Promise.all(commands.map((command) => cli([...command, '--help'], env)));
    results.forEach((result, index) => {
      expect(result.code, commands[index]!.join(' ')).toBe(0);
      expect(result.stdout).toContain('Examples:\n  $ oauthflow ');
    });
    expect(results[0]!.stdout).toMatch(/Exit codes: 0 ok, 1 user error/);
    expect((await cli(['--version'], env)).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

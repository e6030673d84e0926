/**
 * `oauthflow token`, the command scripts run before every request: a fresh token in SQLite is
 * printed by the bin's fast path — one bundled file, no commander, axios or simple-oauth2 — in
 * each of its formats; anything else goes to the full command.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Credentials } from '@oauthflow/core';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { ROOT } from './helpers/run-script.js';
import { TRACE_LOADS, assertCliBuilt, cli, loadedFiles, removeTempHomes, tempHome } from './helpers/cli.js';

const CLI_DIR = join(ROOT, 'packages/cli');
const FRESH = new Credentials({
  accessToken: 'at-fresh-0123456789',
  tokenType: 'bearer',
  refreshToken: 'rt-0123456789',
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 3_600_000),
  scope: ['openid'],
});

beforeAll(() => {
  assertCliBuilt();
  execFileSync(process.execPath, [join(CLI_DIR, 'scripts/bundle-token.mjs')], { stdio: 'ignore' });
});
afterAll(removeTempHomes);

/** A home with a fresh token stored under `default` in a SQLite store. */
async function homeWithToken(): Promise<Record<string, string>> {
  const home = await tempHome();
  const path = join(home.dir, 'tokens.db');
  const storage = new SQLiteStorage({ path });
  await storage.save(FRESH, 'default');
  await storage.close?.();
  return { ...home.env, OAUTHFLOW_STORE: `sqlite:${path}` };
}

const packageOf = (file: string) => /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];

describe('oauthflow token', { timeout: 60_000 }, () => {
  it('prints a fresh SQLite token from the bundle, loading no commander, axios or simple-oauth2', async () => {
    const env = await homeWithToken();
    const result = await cli(['token'], env, { nodeFlags: TRACE_LOADS });
    const { files, stderr } = loadedFiles(result.stderr);
    expect({ code: result.code, stdout: result.stdout, stderr: stderr.trim() }).toEqual({ code: 0, stdout: 'at-fresh-0123456789\n', stderr: '' });
    expect(files).toContain(join(CLI_DIR, 'dist/token-fast.bundle.cjs'));
    const packages = new Set(files.map(packageOf));
    for (const heavy of ['commander', 'axios', 'simple-oauth2', 'keyv', '@oauthflow/core']) expect(packages, heavy).not.toContain(heavy);
    // Only the bin, the bundle and the native SQLite driver.
    expect([...packages].filter(Boolean).sort()).toEqual(['bindings', 'file-uri-to-path', 'sqlite3']);
  });

  it('the unbundled fast path (a build without the bundle step) loads no commander, axios or simple-oauth2 either', async () => {
    const env = await homeWithToken();
    const entry = join(env['HOME']!, 'unbundled.mjs');
    await writeFile(
      entry,
      `const { fastToken } = await import(${JSON.stringify(pathToFileURL(join(CLI_DIR, 'dist/token-fast.js')).href)});\nprocess.exitCode = (await fastToken(['--format', 'header'])) ?? 9;\n`,
    );
    const child = spawnSync(process.execPath, [...TRACE_LOADS, entry], { env: { ...cleanEnv(), ...env }, encoding: 'utf8' });
    expect({ status: child.status, stdout: child.stdout }).toEqual({ status: 0, stdout: 'Authorization: Bearer at-fresh-0123456789\n' });
    const packages = new Set(loadedFiles(child.stderr).files.map(packageOf));
    expect(packages).toContain('keyv');
    for (const heavy of ['commander', 'axios', 'simple-oauth2']) expect(packages, heavy).not.toContain(heavy);
  });

  it('--format header, json and env; --json', async () => {
    const env = await homeWithToken();
    expect(await cli(['token', '--format', 'header'], env)).toMatchObject({ code: 0, stdout: 'Authorization: Bearer at-fresh-0123456789\n' });
    const json = await cli(['token', '--format', 'json'], env);
    expect(JSON.parse(json.stdout)).toEqual({
      key: 'default',
      accessToken: 'at-fresh-0123456789',
      tokenType: 'Bearer',
      expiresAt: FRESH.expiresAt!.toISOString(),
    });
    expect((await cli(['token', '--json'], env)).stdout).toBe(json.stdout);
    const shell = await cli(['token', '--format', 'env'], env);
    expect(shell.stdout).toBe(
      `export OAUTHFLOW_ACCESS_TOKEN='at-fresh-0123456789'\nexport OAUTHFLOW_TOKEN_TYPE='Bearer'\nexport OAUTHFLOW_TOKEN_EXPIRES_AT='${FRESH.expiresAt!.toISOString()}'\n`,
    );
    const sourced = execFileSync('bash', ['-c', `eval "$1"; printf %s "$OAUTHFLOW_ACCESS_TOKEN"`, 'bash', shell.stdout], { encoding: 'utf8' });
    expect(sourced).toBe('at-fresh-0123456789');
    const bad = await cli(['token', '--format', 'yaml'], env);
    expect(bad).toMatchObject({ code: 1, stdout: '', stderr: 'oauthflow: --format must be one of token, header, json, env (got "yaml")\n' });
  });

  it('anything the fast path does not know goes to the full command: a typo, --help, a missing key', async () => {
    const env = await homeWithToken();
    expect(await cli(['token', '--kee', 'x'], env)).toMatchObject({ code: 1, stderr: expect.stringContaining("unknown option '--kee' (Did you mean --key?)") });
    expect(await cli(['token', '--help'], env)).toMatchObject({ code: 0, stdout: expect.stringContaining('--format <format>') });
    expect(await cli(['token', '--key', 'other'], env)).toMatchObject({ code: 3, stderr: expect.stringContaining('No credentials are stored under "other"') });
  });

  it('on a fresh machine: exit 3, and no data directory or database is created', async () => {
    const home = await tempHome();
    const result = await cli(['token'], home.env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^oauthflow: No credentials are stored under "default" in sqlite:.*tokens\.db; run: oauthflow login\n$/);
    expect(existsSync(home.env.XDG_DATA_HOME)).toBe(false);
  });
});

function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name, value]) => !name.startsWith('OAUTHFLOW_') && name !== 'NODE_OPTIONS' && value !== undefined),
  ) as Record<string, string>;
}

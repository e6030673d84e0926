/**
 * `oauthflow migrate` copies every key between stores — file → SQLite → Redis here — and each
 * credential arrives intact (every field, provider extras included).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Credentials, FileStorage, openStorage, type Storage } from '@oauthflow/core';
import { requireService } from '@oauthflow/storage-test-suite';
import { assertCliBuilt, cli, removeTempHomes, tempHome } from './helpers/cli.js';

const redisUrl = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redisAvailable = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');

beforeAll(() => {
  assertCliBuilt();
});
afterAll(removeTempHomes);

const now = Date.now();
const SAMPLES: Record<string, Credentials> = {
  default: new Credentials({
    accessToken: 'at-default-0123456789',
    refreshToken: 'rt-default-0123456789',
    expiresAt: new Date(now + 3_600_000),
    issuedAt: new Date(now),
    scope: ['openid', 'api:read'],
    idToken: 'eyJ.id.token',
    extra: { refresh_token_expires_in: 604800, vendor: { a: [1, 2] } },
  }),
  'ci/bot ü': new Credentials({ accessToken: 'at-ci-0123456789', tokenType: 'Bearer', expiresAt: new Date(now - 60_000) }),
  minimal: new Credentials({ accessToken: 'at-minimal-0123456789' }),
};

async function snapshot(storage: Storage): Promise<Record<string, unknown>> {
  const keys = (await storage.keys()).sort();
  const entries = await Promise.all(keys.map(async (key) => [key, (await storage.get(key))?.toStored()] as const));
  return Object.fromEntries(entries);
}

async function readStore(uri: string): Promise<Record<string, unknown>> {
  const storage = await openStorage(uri);
  try {
    return await snapshot(storage);
  } finally {
    await storage.close?.();
  }
}

describe('oauthflow migrate', { timeout: 90_000 }, () => {
  it('file → SQLite → Redis with every key intact; existing keys are kept unless --overwrite', async () => {
    const home = await tempHome();
    const fileUri = `file:${join(home.dir, 'tokens.json')}`;
    const sqliteUri = `sqlite:${join(home.dir, 'tokens.db')}`;
    const file = new FileStorage(join(home.dir, 'tokens.json'));
    for (const [key, credentials] of Object.entries(SAMPLES)) await file.save(credentials, key);
    const expected = await snapshot(file);
    expect(Object.keys(expected)).toEqual(['ci/bot ü', 'default', 'minimal']);

    const toSqlite = await cli(['migrate', '--from', fileUri, '--to', sqliteUri], home.env);
    expect(toSqlite.code, toSqlite.stderr).toBe(0);
    expect(toSqlite.stdout).toBe(`Copied 3 key(s) from ${fileUri} to ${sqliteUri}: ci/bot ü, default, minimal\n`);
    expect(await readStore(sqliteUri)).toEqual(expected);
    for (const credentials of Object.values(SAMPLES)) expect(toSqlite.stdout + toSqlite.stderr).not.toContain(credentials.accessToken);

    // A second run keeps what the target holds (it may be newer).
    const again = await cli(['migrate', '--from', fileUri, '--to', sqliteUri, '--json'], home.env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ from: fileUri, to: sqliteUri, copied: [], skipped: ['ci/bot ü', 'default', 'minimal'] });
    await file.save(SAMPLES['minimal']!.with({ accessToken: 'at-minimal-newer-0123' }), 'minimal');
    const overwrite = await cli(['migrate', '--from', fileUri, '--to', sqliteUri, '--overwrite', '--json'], home.env);
    expect(JSON.parse(overwrite.stdout)).toMatchObject({ copied: ['ci/bot ü', 'default', 'minimal'], skipped: [] });
    expect(await readStore(sqliteUri)).toEqual(await snapshot(file));

    const status = await cli(['status', '--json', '--store', sqliteUri], home.env);
    expect(JSON.parse(status.stdout).keys.map((entry: { key: string }) => entry.key)).toEqual(['ci/bot ü', 'default', 'minimal']);

    if (!redisAvailable) return;
    const namespace = `oauthflow-cli-test-${randomUUID()}`;
    const redisUri = `${redisUrl}${redisUrl.includes('?') ? '&' : '?'}namespace=${namespace}`;
    try {
      const toRedis = await cli(['migrate', '--from', sqliteUri, '--to', redisUri], home.env);
      expect(toRedis.code, toRedis.stderr).toBe(0);
      expect(toRedis.stdout).toContain('Copied 3 key(s)');
      expect(await readStore(redisUri)).toEqual(await snapshot(file));
      const token = await cli(['token', '--key', 'minimal', '--store', redisUri], home.env);
      expect(token.stdout).toBe('at-minimal-newer-0123\n');
    } finally {
      const redis = await openStorage(redisUri);
      for (const key of await redis.keys()) await redis.delete(key);
      await redis.close?.();
    }
  });

  it('refuses to copy a store onto itself', async () => {
    const home = await tempHome();
    const uri = `file:${join(home.dir, 'tokens.json')}`;
    const result = await cli(['migrate', '--from', uri, '--to', uri], home.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('oauthflow: --from and --to name the same store\n');
  });
});

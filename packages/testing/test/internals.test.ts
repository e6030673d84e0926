import { describe, expect, it } from 'vitest';
import { CookieJar } from '../src/cookie-jar.js';
import { MemoryStore } from '../src/memory-store.js';

describe('CookieJar', () => {
  const origin = 'http://127.0.0.1:1';

  it('sends cookies by path, longest path first, and forgets expired ones', () => {
    const jar = new CookieJar();
    jar.store(new URL(`${origin}/authorize`), ['_session=s; path=/; httponly', '_interaction=i; path=/interaction/abc; samesite=lax']);
    expect(jar.header(new URL(`${origin}/interaction/abc`))).toBe('_interaction=i; _session=s');
    expect(jar.header(new URL(`${origin}/interaction/abcdef`))).toBe('_session=s');
    jar.store(new URL(`${origin}/x`), ['_interaction=; path=/interaction/abc; expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    jar.store(new URL(`${origin}/x`), ['_session=; path=/; max-age=0']);
    expect(jar.header(new URL(`${origin}/interaction/abc`))).toBeUndefined();
  });

  it('defaults the path to the request directory', () => {
    const jar = new CookieJar();
    jar.store(new URL(`${origin}/device/resume/1`), ['a=1']);
    expect(jar.header(new URL(`${origin}/device/resume/2`))).toBe('a=1');
    expect(jar.header(new URL(`${origin}/device`))).toBeUndefined();
  });
});

describe('MemoryStore', () => {
  it('expires entries by the millisecond and indexes user codes and session uids', async () => {
    const store = new MemoryStore();
    const tokens = store.factory('AccessToken');
    const before = Date.now();
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    const expiresAt = store.expiresAt('AccessToken', 't1') ?? 0;
    expect(expiresAt - before).toBeGreaterThanOrEqual(60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60_000);

    await store.factory('DeviceCode').upsert('d1', { userCode: 'ABCD' }, 60);
    expect(await store.factory('DeviceCode').findByUserCode('ABCD')).toMatchObject({ userCode: 'ABCD' });
    await store.factory('Session').upsert('s1', { uid: 'u1' }, 60);
    expect(await store.factory('Session').findByUid('u1')).toMatchObject({ uid: 'u1' });
  });

  it('revokes by grant, consumes, and drops what expired', async () => {
    const store = new MemoryStore();
    const refresh = store.factory('RefreshToken');
    await refresh.upsert('r1', { grantId: 'g1' }, 60);
    await refresh.upsert('r2', { grantId: 'g2' }, 60);
    await refresh.consume('r2');
    expect(await refresh.find('r2')).toMatchObject({ consumed: expect.any(Number) });
    await refresh.revokeByGrantId('g1');
    expect(await refresh.find('r1')).toBeUndefined();
    expect(await refresh.find('r2')).toBeDefined();

    await refresh.upsert('short', {}, 0.05);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await refresh.find('short')).toBeUndefined();
  });
});

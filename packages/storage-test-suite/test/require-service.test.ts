import { createServer } from 'node:net';
import { requireService } from '@oauthflow/storage-test-suite';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { overlaps } from '../src/counter.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('requireService', () => {
  const ci = process.env['CI'];
  afterEach(() => {
    if (ci === undefined) delete process.env['CI'];
    else process.env['CI'] = ci;
    vi.restoreAllMocks();
  });

  it('is true when something listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      expect(await requireService('Thing', `redis://127.0.0.1:${port}`, 'THING_URL')).toBe(true);
    } finally {
      server.close();
    }
  });

  it('outside CI: false, with a loud warning naming the variable and no password', async () => {
    delete process.env['CI'];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await requireService('Redis', `redis://:hunter2@127.0.0.1:${await closedPort()}`, 'OAUTHFLOW_REDIS_URL')).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toMatch(/SKIPPING the Redis tests/);
    expect(message).toContain('OAUTHFLOW_REDIS_URL');
    expect(message).not.toContain('hunter2');
  });

  it('under CI=true: a failure', async () => {
    process.env['CI'] = 'true';
    await expect(requireService('PostgreSQL', `postgres://u:pw@127.0.0.1:${await closedPort()}/db`, 'OAUTHFLOW_POSTGRES_URL')).rejects.toThrow(
      /PostgreSQL is not reachable .* CI=true requires it: start it, or set OAUTHFLOW_POSTGRES_URL/,
    );
  });
});

describe('overlaps', () => {
  it('finds holders that were inside the lock together, and only those', () => {
    expect(
      overlaps([
        { start: 0, end: 10 },
        { start: 10, end: 20 },
        { start: 25, end: 30 },
      ]),
    ).toEqual([]);
    expect(
      overlaps([
        { start: 0, end: 100 },
        { start: 50, end: 60 },
      ]),
    ).toHaveLength(1);
  });
});

import type { LeaseBackend } from '@oauthflow/core';
import type { RedisClientType } from '@redis/client';
import type { RedisConnection } from './connection.js';

/** The commands leases use, which a single-server client and a cluster client both have. */
type LeaseCommands = Pick<RedisClientType, 'set' | 'eval'>;

// Compare-and-set scripts: only the holder's token may renew or delete its lease.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Leases as Redis keys: `SET key token NX PX lease` takes one (Redis expires it when the holder
 * stops renewing), a compare-and-pexpire script renews it, and a compare-and-delete script
 * releases it, so a holder whose lease was taken over never deletes the new holder's. `run` bounds
 * each call in time (see Deadline).
 */
export function redisLeases(
  client: () => Promise<RedisConnection>,
  keyOf: (name: string) => string,
  run: <T>(operation: () => Promise<T>) => Promise<T>,
): LeaseBackend {
  const commands = async (): Promise<LeaseCommands> => (await client()) as unknown as LeaseCommands;
  return {
    acquire: (name, token, leaseMs) =>
      run(async () => {
        const reply = await (await commands()).set(keyOf(name), token, { condition: 'NX', expiration: { type: 'PX', value: leaseMs } });
        return reply === 'OK';
      }),
    renew: (name, token, leaseMs) =>
      run(async () => {
        const reply = await (await commands()).eval(RENEW, { keys: [keyOf(name)], arguments: [token, String(leaseMs)] });
        return reply === 1;
      }),
    release: (name, token) =>
      run(async () => {
        await (await commands()).eval(RELEASE, { keys: [keyOf(name)], arguments: [token] });
      }),
  };
}

import { createClient, createCluster, type RedisClientType, type RedisClusterType } from '@redis/client';
import type { ClusterTarget } from './cluster-options.js';
import type { ConnectionFactory } from './connection.js';

interface Timeouts {
  connectTimeoutMs: number;
}

/** Backoff between reconnection attempts of a single-server client: 50 ms doubling, at most 1 s. */
const reconnectStrategy = (retries: number): number => Math.min(50 * 2 ** retries, 1000);

/**
 * One server. The client reconnects by itself after a drop; commands are rejected while it is
 * disconnected (no offline queue) instead of waiting until Redis returns.
 */
export function singleNodeFactory(url: string, { connectTimeoutMs }: Timeouts): ConnectionFactory {
  let where = 'the configured server';
  try {
    const parsed = new URL(url);
    where = `${parsed.hostname || '127.0.0.1'}:${parsed.port || 6379}`;
  } catch {
    // createClient reports the bad URL
  }
  return {
    cluster: false,
    where,
    create: () =>
      createClient({
        url,
        disableOfflineQueue: true,
        socket: { connectTimeout: connectTimeoutMs, reconnectStrategy },
      }) as RedisClientType,
  };
}

/**
 * A Redis Cluster. Node connections do not reconnect by themselves and are opened when first used
 * (`minimizeConnections`): a connection that drops fails its commands, and the storage replaces
 * the whole cluster client, which discovers the topology again (see ConnectedKeyvRedis.failed).
 * So a dead master costs the calls on its slots, not every call, and never a stale topology.
 */
export function clusterFactory(target: ClusterTarget, { connectTimeoutMs }: Timeouts): ConnectionFactory {
  const configured = new Set(target.urls.map(hostOf));
  return {
    cluster: true,
    where: target.urls.map(hostOf).join(','),
    create: (knownNodes) =>
      createCluster({
        rootNodes: [
          ...target.urls.map((url) => ({ url })),
          ...knownNodes.filter((node) => !configured.has(node)).map((node) => ({ socket: socketOf(node, target.tls) })),
        ],
        defaults: {
          ...(target.username === undefined ? {} : { username: target.username }),
          ...(target.password === undefined ? {} : { password: target.password }),
          disableOfflineQueue: true,
          socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: false, ...(target.tls ? { tls: true as const } : {}) },
        },
        minimizeConnections: true,
      }) as unknown as RedisClusterType,
  };
}

function hostOf(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 6379}`;
}

function socketOf(node: string, tls: boolean): { host: string; port: number; tls?: true } {
  const at = node.lastIndexOf(':');
  return { host: node.slice(0, at), port: Number(node.slice(at + 1)), ...(tls ? { tls: true as const } : {}) };
}

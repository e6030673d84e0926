import { ConfigurationError } from '@oauthflow/core';

/** Where a Redis Cluster is: some of its nodes; the client learns the rest from them. */
export interface RedisClusterOptions {
  /**
   * Some nodes of the cluster (three are plenty; one is enough for a managed service's discovery
   * endpoint), each `redis://[[user]:password@]host:port` or `rediss://` for TLS. Every node of
   * the cluster is reached with the scheme, user and password of the first one.
   */
  rootNodes: ReadonlyArray<string | { url: string }>;
}

/** The cluster a `redis+cluster://` URL or a `cluster` option names, checked. */
export interface ClusterTarget {
  /** `redis://[[user]:password@]host:port` per root node. */
  urls: string[];
  tls: boolean;
  username?: string;
  password?: string;
}

const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?$/i;

/** True for `redis+cluster://…` and `rediss+cluster://…`. */
export function isClusterUrl(url: string): boolean {
  return /^rediss?\+cluster:\/\//i.test(url);
}

/**
 * `redis+cluster://[[user]:password@]host1:port1,host2:port2,…` (or `rediss+cluster://` for TLS)
 * as root node URLs.
 *
 * @throws {ConfigurationError} for a URL without hosts or with a database other than 0 (a cluster
 * has only database 0).
 */
export function parseClusterUrl(url: string): ClusterTarget {
  const match = CLUSTER_URL.exec(url);
  const hosts = (match?.[3] ?? '').split(',').filter((host) => host !== '');
  if (match === null || hosts.length === 0) {
    throw new ConfigurationError('A Redis Cluster URL is redis+cluster://[[user]:password@]host1:port1,host2:port2 (or rediss+cluster:// for TLS)');
  }
  const path = match[4] ?? '';
  if (path !== '' && path !== '/' && path !== '/0') {
    throw new ConfigurationError(`A Redis Cluster has only database 0; remove "${path}" from the redis+cluster:// URL`);
  }
  const scheme = (match[1] ?? 'redis').toLowerCase();
  const auth = match[2] === undefined ? '' : `${match[2]}@`;
  return targetOf(hosts.map((host) => `${scheme}://${auth}${host}`));
}

/**
 * The cluster of a `cluster: { rootNodes }` option.
 *
 * @throws {ConfigurationError} for no root nodes, a URL that is not redis:// or rediss://, or root
 * nodes that disagree on scheme, user or password.
 */
export function clusterTarget(options: RedisClusterOptions): ClusterTarget {
  const urls = (options.rootNodes ?? []).map((node) => (typeof node === 'string' ? node : node.url));
  if (urls.length === 0) throw new ConfigurationError('RedisStorage cluster.rootNodes needs at least one node URL, e.g. redis://10.0.0.1:6379');
  return targetOf(urls);
}

function targetOf(urls: string[]): ClusterTarget {
  const parsed = urls.map((url) => {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      throw new ConfigurationError('A Redis Cluster root node must be a URL such as redis://10.0.0.1:6379');
    }
    if (parsedUrl.protocol !== 'redis:' && parsedUrl.protocol !== 'rediss:') {
      throw new ConfigurationError('A Redis Cluster root node URL must start with redis:// or rediss://');
    }
    return parsedUrl;
  });
  const [first] = parsed;
  if (first === undefined) throw new ConfigurationError('A Redis Cluster needs at least one root node URL, e.g. redis://10.0.0.1:6379');
  for (const other of parsed) {
    if (other.protocol !== first.protocol || other.username !== first.username || other.password !== first.password) {
      throw new ConfigurationError('Every Redis Cluster root node must use the same scheme, user and password (the client reaches every node with them)');
    }
  }
  const username = decodeURIComponent(first.username);
  const password = decodeURIComponent(first.password);
  return {
    urls,
    tls: first.protocol === 'rediss:',
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
  };
}

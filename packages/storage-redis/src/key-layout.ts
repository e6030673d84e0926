import { ConfigurationError } from '@oauthflow/core';

/**
 * Where a RedisStorage keeps what it stores. Keyv keys (`credentials:<key>`, `pending:<state>`)
 * and lock names map to Redis keys; {@link KeyLayout.credentialsPattern} and
 * {@link KeyLayout.credentialsKeyOf} let `keys()` scan for credentials and nothing else.
 */
export interface KeyLayout {
  /** The Redis key of a Keyv key. */
  storeKey(keyvKey: string): string;
  /** The Redis key of the lease of lock `name`. */
  lockKey(name: string): string;
  /** A SCAN MATCH pattern that finds every credentials record of the namespace (and only those). */
  readonly credentialsPattern: string;
  /** The credentials key a Redis key found with the pattern stores, or undefined for another key. */
  credentialsKeyOf(redisKey: string): string | undefined;
}

const CREDENTIALS = 'credentials:';
const PENDING = 'pending:';

/**
 * The layout of a single Redis server, unchanged since the first release so that processes of
 * older versions, sharing the server during a rolling upgrade, read the same records and take the
 * same locks: `<ns>::credentials:<key>`, `<ns>::pending:<state>` (as @keyv/redis prefixes keys)
 * and leases at `<ns>:lock:<name>`.
 */
export function singleNodeLayout(namespace: string): KeyLayout {
  const records = `${namespace}::${CREDENTIALS}`;
  return {
    storeKey: (keyvKey) => `${namespace}::${keyvKey}`,
    lockKey: (name) => `${namespace}:lock:${name}`,
    credentialsPattern: `${records}*`,
    credentialsKeyOf: (redisKey) => (redisKey.startsWith(records) ? redisKey.slice(records.length) : undefined),
  };
}

/**
 * The layout of a Redis Cluster: every key of one credential shares a hash tag, so its record, its
 * lease and any script that touches both live in one slot, on one master, and fail over together:
 * `<ns>:{<key>}:credentials`, `<ns>:{<key>}:lock`, `<ns>:{<state>}:pending`. Braces and `%` in a
 * key are percent-escaped (a `}` would end the tag early) and the empty key is `%`.
 */
export function clusterLayout(namespace: string): KeyLayout {
  const tagged = (name: string, kind: string): string => `${namespace}:{${escapeTag(name)}}:${kind}`;
  const head = `${namespace}:{`;
  const tail = '}:credentials';
  return {
    storeKey: (keyvKey) => {
      if (keyvKey.startsWith(CREDENTIALS)) return tagged(keyvKey.slice(CREDENTIALS.length), 'credentials');
      if (keyvKey.startsWith(PENDING)) return tagged(keyvKey.slice(PENDING.length), 'pending');
      return tagged(keyvKey, 'other');
    },
    lockKey: (name) => tagged(name, 'lock'),
    credentialsPattern: `${head}*${tail}`,
    credentialsKeyOf: (redisKey) => {
      if (!redisKey.startsWith(head) || !redisKey.endsWith(tail)) return undefined;
      const tag = redisKey.slice(head.length, -tail.length);
      return /[{}]/.test(tag) ? undefined : unescapeTag(tag);
    },
  };
}

function escapeTag(name: string): string {
  if (name === '') return '%';
  return name.replace(/[%{}]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapeTag(tag: string): string {
  if (tag === '%') return '';
  return tag.replace(/%(25|7B|7D)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Anything visible but the segment separator, SCAN's pattern characters and hash-tag braces. */
const SEGMENT = /^[^\s\p{Cc}:*?[\]\\{}]+$/u;

/**
 * Checks a namespace: segments of visible characters other than `*?[]\{}`, joined by single
 * colons, no segment but the first called `lock`, at most 100 characters. Two such namespaces never
 * share a Redis key in either layout (`x`'s lease `x:lock:…` cannot be namespace `x:lock`'s
 * record), no namespace holds a SCAN pattern character or a hash tag brace, and the namespaces an
 * earlier version accepted (anything non-empty) stay valid unless they could collide that way.
 *
 * @throws {ConfigurationError} naming what is allowed.
 */
export function checkNamespace(namespace: string): void {
  const segments = namespace.split(':');
  const valid = namespace.length > 0 && namespace.length <= 100 && segments.every((segment) => SEGMENT.test(segment)) && !segments.slice(1).includes('lock');
  if (!valid) {
    throw new ConfigurationError(
      `RedisStorage namespace ${JSON.stringify(namespace)} is not allowed: use 1 to 100 visible characters without spaces or any of * ? [ ] \\ { }, ` +
        `optionally in segments joined by single ':' (e.g. "my-app" or "my-app:tokens"), no segment after the first named "lock"`,
    );
  }
}

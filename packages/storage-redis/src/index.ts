export type { RedisClusterOptions } from './cluster-options.js';
export { RedisStorage } from './redis-storage.js';
export type { RedisStorageOptions } from './redis-storage.js';

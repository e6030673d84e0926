export { RedisStorage } from './redis-storage.js';
export type { RedisStorageOptions } from './redis-storage.js';

export { SQLiteStorage } from './sqlite-storage.js';
export type { SQLiteStorageOptions } from './sqlite-storage.js';

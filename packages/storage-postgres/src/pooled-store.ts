import { KeyvPostgres } from '@keyv/postgres';
import type pg from 'pg';

const UNDEFINED_TABLE = '42P01';
const UNIQUE_VIOLATION = '23505';

/**
 * A KeyvPostgres on a pool of our own. The stock one keeps a module-wide pool per URL that any
 * instance's disconnect() ends for all the others, and creates its table once at construction,
 * so a database that was down at start-up left it without a table for good. Here each storage
 * owns its pool, and a statement that meets a missing table creates it and runs again.
 */
export function pooledKeyvPostgres(pool: pg.Pool, options: { schema: string; table: string; uri: string }): KeyvPostgres {
  const { schema, table } = options;
  const createTable =
    `${schema === 'public' ? '' : `CREATE SCHEMA IF NOT EXISTS ${schema}; `}` +
    `CREATE TABLE IF NOT EXISTS ${schema}.${table}(key VARCHAR(255) PRIMARY KEY, value TEXT)`;
  const run = async (sql: string, values?: unknown[]): Promise<unknown[]> => (await pool.query(sql, values)).rows;
  const query = async (sql: string, values?: unknown[]): Promise<unknown[]> => {
    try {
      return await run(sql, values);
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNDEFINED_TABLE || sql === createTable) throw error;
      // Two processes creating the table at once may collide on the catalog: either way it exists.
      await run(createTable).catch((racing: unknown) => {
        if ((racing as { code?: unknown }).code !== UNIQUE_VIOLATION) throw racing;
      });
      return run(sql, values);
    }
  };
  class PooledKeyvPostgres extends KeyvPostgres {
    override async connect(): Promise<(sql: string, values?: unknown) => Promise<unknown[]>> {
      return (sql, values) => query(sql, values as unknown[] | undefined);
    }

    override async disconnect(): Promise<void> {
      await pool.end();
    }
  }
  return new PooledKeyvPostgres({ uri: options.uri, schema, table });
}

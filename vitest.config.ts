import { configDefaults, defineConfig } from 'vitest/config';

// "@oauthflow/source" resolves workspace packages to their TypeScript sources, so tests need no
// build step. A private name: a consumer's own "source" condition must never reach our .ts files.
const SOURCE = '@oauthflow/source';
const conditions = [SOURCE, 'import', 'module', 'node', 'default'];

const ALL = ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'];
/**
 * Tests that measure behaviour under load (many processes, killed or frozen holders, outages,
 * failovers): they run after the others, one file at a time, so no other test's load blurs their
 * timing. Everything else mostly waits on servers and child processes, and runs two files at once
 * (vitest's default on a 2-core machine would be one).
 */
const UNDER_LOAD = [
  'test/multiprocess/**/*.test.ts',
  'test/adversity/**/*.test.ts',
  'test/faults-*.test.ts',
  'test/property.test.ts',
  'packages/storage-redis/test/outage.test.ts',
  'packages/storage-redis/test/cluster-*.test.ts',
];

export default defineConfig({
  resolve: { conditions },
  // Vitest passes ssr.resolve.conditions to Node as --conditions, which apply to require() too:
  // "import" or "module" there make CJS packages require ESM builds (pg's require('pg-pool') breaks).
  ssr: { resolve: { conditions: [SOURCE, 'node'], externalConditions: [SOURCE] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Under CI a JSON report feeds .ci/run's one-line summary (one file per Node version it runs).
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: process.env['OAUTHFLOW_TEST_RESULTS'] ?? '.tmp/vitest-results.json' }]] : ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'parallel', include: ALL, exclude: [...configDefaults.exclude, ...UNDER_LOAD], maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'under-load', include: UNDER_LOAD, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});

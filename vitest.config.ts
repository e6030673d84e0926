import { defineConfig } from 'vitest/config';

// "@oauthflow/source" resolves workspace packages to their TypeScript sources, so tests need no
// build step. A private name: a consumer's own "source" condition must never reach our .ts files.
const SOURCE = '@oauthflow/source';
const conditions = [SOURCE, 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  // Vitest passes ssr.resolve.conditions to Node as --conditions, which apply to require() too:
  // "import" or "module" there make CJS packages require ESM builds (pg's require('pg-pool') breaks).
  ssr: { resolve: { conditions: [SOURCE, 'node'], externalConditions: [SOURCE] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Under CI a JSON report feeds .ci/run's one-line summary (one file per Node version it runs).
    reporters: process.env['CI'] ? ['default', ['json', { outputFile: process.env['OAUTHFLOW_TEST_RESULTS'] ?? '.tmp/vitest-results.json' }]] : ['default'],
  },
});

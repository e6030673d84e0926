import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES, SERVERS, unsupportedReason, type Feature, type ServerName } from './matrix.js';
import { SCENARIOS } from './scenarios.js';
import { startServer, type MatrixServer } from './servers.js';
import { providerTable } from './table.js';

// Every server × feature of matrix.ts: a ✓ must pass, a ✗ must fail (so the table cannot go stale).
for (const name of Object.keys(SERVERS) as ServerName[]) {
  describe(`provider matrix: ${name}`, () => {
    let server: MatrixServer;
    beforeAll(async () => {
      server = await startServer(name);
    });
    afterAll(async () => {
      await server?.close();
    });

    for (const feature of Object.keys(FEATURES) as Feature[]) {
      const reason = unsupportedReason(name, feature);
      if (reason === undefined) {
        it(`✓ ${FEATURES[feature]}`, () => SCENARIOS[feature](server));
      } else {
        it(`✗ ${FEATURES[feature]}: ${reason}`, async () => {
          await expect(SCENARIOS[feature](server)).rejects.toBeDefined();
        });
      }
    }
  });
}

describe('docs/providers.md', () => {
  it('is the table generated from the matrix (regenerate: pnpm providers:table)', () => {
    const written = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8');
    expect(written).toBe(providerTable());
  });
});

import { writeFileSync } from 'node:fs';
import { providerTable } from './table.js';

// Writes docs/providers.md from the matrix definition (pnpm providers:table).
writeFileSync(new URL('../../docs/providers.md', import.meta.url), providerTable());
console.log('wrote docs/providers.md');

/**
 * One memory scenario in a fresh process (`node --expose-gc`), so scenarios never share a heap:
 * `child.ts <scenario>` with its input as JSON in BENCH_INPUT; prints its result as JSON.
 */
import { holdCredentials } from './credentials.js';
import { holdRequests } from './in-flight.js';
import { refreshCycles, type RefreshCyclesInput } from './refresh-cycles.js';

const input = JSON.parse(process.env['BENCH_INPUT'] ?? '{}') as { count?: number; origin?: string };
const scenario = process.argv[2];
const result = await (async () => {
  switch (scenario) {
    case 'credentials:memory-storage':
      return holdCredentials(input.count ?? 0, 'memory-storage');
    case 'credentials:map':
      return holdCredentials(input.count ?? 0, 'map');
    case 'in-flight:oauthflow':
      return holdRequests(input.count ?? 0, 'oauthflow', input.origin ?? '');
    case 'in-flight:axios':
      return holdRequests(input.count ?? 0, 'axios', input.origin ?? '');
    case 'refresh-cycles':
      return refreshCycles(input as RefreshCyclesInput);
    default:
      throw new Error(`unknown memory scenario ${scenario}`);
  }
})();
process.stdout.write(`${JSON.stringify(result)}\n`);
// Held sockets and keep-alive agents would keep the process up: the result is out, leave.
process.exit(0);

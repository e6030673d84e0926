// One instance in the adversity tests: a real child process that opens the shared store and
// refreshes the shared credential once, when told "go". Driven over stdin/stdout, one JSON object a
// line: it takes the task, answers {"type":"ready"}, and after "go" ends with {"type":"done"}
// carrying its access token's fingerprint (never the token) or its error.
//
// OAUTHFLOW_TEST_CLOCK_OFFSET_MS moves this process's clock (Date.now, new Date) forward, as a
// machine whose clock runs ahead would.
import { createInterface } from 'node:readline';
import { OAuth2AuthorizationFlow, fingerprint, type RequiredParams } from '@oauthflow/core';
import { installShiftedClock } from '../helpers/shifted-clock.js';
import { openBackend, type BackendSpec } from '../multiprocess/backends.js';

export interface RefresherTask {
  backend: BackendSpec;
  required: RequiredParams;
  key: string;
}

export interface RefresherResult {
  type: 'done';
  accessToken?: string;
  error?: string;
}

const offset = Number(process.env['OAUTHFLOW_TEST_CLOCK_OFFSET_MS'] ?? 0);
if (offset !== 0) installShiftedClock()(offset);

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const task = JSON.parse(String((await lines.next()).value)) as RefresherTask;
const storage = await openBackend(task.backend);
const flow = new OAuth2AuthorizationFlow(task.required, { access_type: 'offline' }, { grant_type: 'authorization_code' }, { storage, key: task.key });
process.stdout.write(`${JSON.stringify({ type: 'ready' })}\n`);
await lines.next();
let result: RefresherResult;
try {
  result = { type: 'done', accessToken: fingerprint((await flow.refresh()).accessToken) };
} catch (error) {
  result = { type: 'done', error: `${(error as Error).name}: ${(error as Error).message}` };
}
process.stdout.write(`${JSON.stringify(result)}\n`);
await storage.close?.();
process.exit(0);

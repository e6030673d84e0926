import { Credentials, MemoryStorage, OAuth2APIRequest, OAuth2AuthorizationFlow, type RequiredParams } from '@oauthflow/core';
import { growth, snapshot, type MemorySnapshot } from './heap.js';
import { installShiftedClock } from '../../test/helpers/shifted-clock.js';

/** What the parent hands over: the server's params, a fresh credential (real refresh token), the API to call. */
export interface RefreshCyclesInput {
  required: RequiredParams;
  credentials: unknown;
  origin: string;
  warmup: number;
  cycles: number;
  requestsPerCycle: number;
}

export interface RefreshCyclesResult {
  before: MemorySnapshot;
  after: MemorySnapshot;
  growth: MemorySnapshot;
  refreshes: number;
}

/**
 * Heap before and after `cycles` expiry cycles: each one moves the clock past the token's
 * expiry, then sends concurrent requests, which refresh once (real refreshes at the real server).
 */
export async function refreshCycles(input: RefreshCyclesInput): Promise<RefreshCyclesResult> {
  const advance = installShiftedClock();
  const storage = new MemoryStorage();
  await storage.save(Credentials.fromJSON(input.credentials));
  const flow = new OAuth2AuthorizationFlow(input.required, { access_type: 'offline' }, { grant_type: 'authorization_code' }, { storage });
  let refreshes = 0;
  flow.on('tokens', () => {
    refreshes += 1;
  });
  const api = new OAuth2APIRequest(flow);

  const cycle = async () => {
    const lifetime = (await flow.getCredentials()).lifetimeSeconds ?? 3600;
    advance((lifetime + 1) * 1000);
    await Promise.all(Array.from({ length: input.requestsPerCycle }, () => api.request(`${input.origin}/channels`)));
  };
  for (let i = 0; i < input.warmup; i += 1) await cycle();
  const before = snapshot();
  for (let i = 0; i < input.cycles; i += 1) await cycle();
  const after = snapshot();
  return { before, after, growth: growth(before, after), refreshes };
}

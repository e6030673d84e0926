// A process that does nothing but save credentials, as fast as it can, until it is killed: the
// victim of ../faults-kill-save.test.ts. Spec in OAUTHFLOW_SAVE_SPEC; waits for "go" on stdin;
// says {"type":"saving"} after its first save has completed.
//
// Every credential it writes is internally consistent — access token, refresh token, expiry and
// an extra field all carry the same `<pid>-<n>` — so a reader can tell a complete write from a
// torn one.
import { createInterface } from 'node:readline';
import { Credentials } from '@oauthflow/core';
import { openBackend, type BackendSpec } from './backends.js';

export const SAVE_KEYS = ['default', 'second'] as const;

/** The n-th credential process `pid` writes. */
export function numbered(pid: number, n: number): Credentials {
  const id = `${pid}-${n}`;
  return new Credentials({
    accessToken: `access-${id}`,
    refreshToken: `refresh-${id}`,
    tokenType: 'Bearer',
    issuedAt: new Date(1_700_000_000_000 + n * 1000),
    expiresAt: new Date(1_700_000_000_000 + n * 1000 + 3600_000),
    scope: ['openid', 'api:read'],
    extra: { writer: id },
  });
}

/** Whether `credentials` is one write of `numbered()`, whole. */
export function isComplete(credentials: Credentials | undefined): boolean {
  const match = /^access-(\d+)-(\d+)$/.exec(credentials?.accessToken ?? '');
  if (credentials === undefined || match === null) return false;
  const expected = numbered(Number(match[1]), Number(match[2]));
  return JSON.stringify(credentials.toStored()) === JSON.stringify(expected.toStored());
}

if (process.env['OAUTHFLOW_SAVE_SPEC'] !== undefined) {
  const storage = await openBackend(JSON.parse(process.env['OAUTHFLOW_SAVE_SPEC']) as BackendSpec);
  const lines = createInterface({ input: process.stdin });
  process.stdout.write(`${JSON.stringify({ type: 'ready' })}\n`);
  await new Promise<void>((resolve) =>
    lines.on('line', (line) => {
      if (line.trim() === 'go') resolve();
    }),
  );
  for (let n = 0; ; n += 1) {
    await storage.save(numbered(process.pid, n), SAVE_KEYS[n % SAVE_KEYS.length]);
    if (n === 0) process.stdout.write(`${JSON.stringify({ type: 'saving' })}\n`);
  }
}

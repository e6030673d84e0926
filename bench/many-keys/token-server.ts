import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A token endpoint for 10,000 grants: answers `refresh_token` grants for `rt-<key>-<generation>`
 * tokens, rotating them (a reused refresh token is refused with invalid_grant, so a duplicate
 * refresh shows), and counts refreshes per key. Access tokens live an hour.
 */
export interface TokenServer {
  url: string;
  /** Successful refreshes per key index. */
  refreshes: Map<number, number>;
  /** Refresh tokens presented again after they rotated. */
  reused: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startTokenServer(): Promise<TokenServer> {
  const generation = new Map<number, number>();
  const state = { refreshes: new Map<number, number>(), reused: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const match = /^rt-(\d+)-(\d+)$/.exec(form.get('refresh_token') ?? '');
      const reply = (status: number, json: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (form.get('grant_type') !== 'refresh_token' || match === null) return reply(400, { error: 'invalid_request' });
      const key = Number(match[1]);
      const presented = Number(match[2]);
      if (presented !== (generation.get(key) ?? 0)) {
        state.reused += 1;
        return reply(400, { error: 'invalid_grant', error_description: 'refresh token already used' });
      }
      generation.set(key, presented + 1);
      state.refreshes.set(key, (state.refreshes.get(key) ?? 0) + 1);
      return reply(200, {
        access_token: randomBytes(32).toString('base64url'),
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: `rt-${key}-${presented + 1}`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    get refreshes() {
      return state.refreshes;
    },
    get reused() {
      return state.reused;
    },
    reset() {
      generation.clear();
      state.refreshes = new Map();
      state.reused = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

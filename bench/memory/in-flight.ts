import { request as httpRequest } from 'node:http';
import axios from 'axios';
import { MemoryStorage, OAuth2APIRequest } from '@oauthflow/core';
import { freshCredentials, makeFlow } from '../lib/fixtures.js';
import { growth, snapshot, type MemorySnapshot } from './heap.js';

/** Memory held while `count` requests wait for the target server's answer: OAuth2APIRequest, or raw axios (the baseline). */
export async function holdRequests(count: number, client: 'oauthflow' | 'axios', origin: string): Promise<MemorySnapshot> {
  const credentials = freshCredentials();
  let send: (url: string) => Promise<unknown>;
  if (client === 'oauthflow') {
    const storage = new MemoryStorage();
    await storage.save(credentials);
    const api = new OAuth2APIRequest(makeFlow(storage));
    send = (url) => api.request(url);
  } else {
    const raw = axios.create({ headers: { Authorization: `Bearer ${credentials.accessToken}` } });
    send = (url) => raw.get(url);
  }
  for (let i = 0; i < 100; i += 1) await send(`${origin}/warm-up`); // lazy module state, not per request

  const before = snapshot();
  const pending = Array.from({ length: count }, () => send(`${origin}/hold`));
  while ((await control(`${origin}/held`)).held < count) await new Promise((resolve) => setTimeout(resolve, 50));
  const during = snapshot();
  await control(`${origin}/release`);
  await Promise.all(pending);
  return growth(before, during);
}

/** A request on its own connection, so it never queues behind the held ones. */
function control(url: string): Promise<{ held: number }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false }, (response) => {
      let body = '';
      response
        .setEncoding('utf8')
        .on('data', (chunk: string) => {
          body += chunk;
        })
        .on('end', () => resolve(JSON.parse(body || '{"held":0}') as { held: number }));
    })
      .on('error', reject)
      .end();
  });
}

// examples/web-app: two app processes on two ports sharing nothing but a Redis namespace, a user
// played by an HTTP client with a cookie jar. The login starts on instance 1 and Google's
// redirect lands on instance 2 (the test plays the load balancer); the playlists come from the
// fake YouTube API, through each user's own key.
import { randomBytes } from 'node:crypto';
import { RedisStorage } from '@oauthflow/storage-redis';
import { requireService } from '@oauthflow/storage-test-suite';
import { startFakeYouTube, startGoogleEmulator, type FakeYouTube, type GoogleEmulator } from '@oauthflow/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadlessBrowser, findForm, type Page } from '../packages/testing/src/headless-browser.js';
import { runScript, type WatchedProcess } from './helpers/run-script.js';

const redisUrl = process.env['OAUTHFLOW_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redisAvailable = await requireService('Redis', redisUrl, 'OAUTHFLOW_REDIS_URL');

const APP = 'examples/web-app/server.ts';
const namespace = `oauthflow-webapp-test-${randomBytes(4).toString('hex')}`;
let google: GoogleEmulator;
let youtube: FakeYouTube;
let storage: RedisStorage;
const instances: Array<{ process: WatchedProcess; origin: string }> = [];

function appEnv(name: string): Record<string, string> {
  return {
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    GOOGLE_CLIENT_ID: google.clients.web.client_id,
    GOOGLE_CLIENT_SECRET: google.clients.web.client_secret,
    // Registered for the emulator's web client: the address of the "load balancer".
    OAUTH_REDIRECT_URI: 'http://127.0.0.1/callback',
    REDIS_URL: redisUrl,
    REDIS_NAMESPACE: namespace,
    PORT: '0',
    INSTANCE_NAME: name,
    OAUTHFLOW_GOOGLE_AUTH_URI: google.endpoints.authorization,
    OAUTHFLOW_GOOGLE_TOKEN_URI: google.endpoints.token,
    OAUTHFLOW_GOOGLE_REVOKE_URI: google.endpoints.revocation,
    OAUTHFLOW_YOUTUBE_BASE_URL: youtube.baseURL,
  };
}

beforeAll(async () => {
  if (!redisAvailable) return;
  google = await startGoogleEmulator({ accessTokenTtl: 3600 });
  youtube = await startFakeYouTube({ validateToken: google.validateToken });
  storage = new RedisStorage({ url: redisUrl, namespace });
  // Both instances share the session secret, as a deployment's instances do.
  const secret = randomBytes(32).toString('base64url');
  const started = ['instance-1', 'instance-2'].map((name) => runScript(APP, { env: { ...appEnv(name), SESSION_SECRET: secret } }));
  for (const process of started) {
    const [, origin] = await process.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    instances.push({ process, origin: origin! });
  }
}, 30_000);

afterAll(async () => {
  for (const { process } of instances) process.child.kill('SIGTERM');
  await Promise.all(instances.map(({ process }) => process.exit));
  for (const key of (await storage?.keys()) ?? []) await storage.delete(key);
  await storage?.close();
  await youtube?.close();
  await google?.close();
});

const CALLBACK_ORIGIN = 'http://127.0.0.1';

/** A user's browser: one cookie jar for every instance (cookies belong to the host, not the port). */
function newBrowser(): HeadlessBrowser {
  return new HeadlessBrowser({ stopAt: (url) => url.origin === CALLBACK_ORIGIN });
}

async function page(browser: HeadlessBrowser, url: string, form?: Record<string, string>): Promise<Page> {
  const navigation = await browser.open(url, form);
  if (navigation.kind !== 'page') throw new Error(`expected a page at ${url}, was sent to ${navigation.location}`);
  return navigation.page;
}

/** Posts the page's form whose action ends with `action`, as the user clicking its button. */
async function submit(browser: HeadlessBrowser, from: Page, action: string): Promise<ReturnType<HeadlessBrowser['open']>> {
  const forms = from.text.split(/(?=<form\b)/i).filter((chunk) => chunk.startsWith('<form'));
  const chosen = forms.map((text) => findForm({ ...from, text })).find((form) => form?.action.endsWith(action));
  if (chosen === undefined) throw new Error(`no form posting to ${action} on ${from.url}:\n${from.text}`);
  return browser.open(chosen.action, chosen.fields);
}

/** Starts "Connect your YouTube account" on `start`, consents at Google; returns Google's redirect (not followed). */
async function connectUntilCallback(browser: HeadlessBrowser, start: string): Promise<URL> {
  const connect = await page(browser, `${start}/`);
  expect(connect.text).toContain('data-page="connect"');
  const navigation = await submit(browser, connect, '/connect');
  if (navigation.kind !== 'left') throw new Error(`expected Google's redirect, got a page: ${navigation.page.text}`);
  return new URL(navigation.location);
}

/** The load balancer: Google's redirect goes to `origin`. */
function routedTo(callback: URL, origin: string): string {
  return `${origin}${callback.pathname}${callback.search}`;
}

const playlistIds = (p: Page) => [...p.text.matchAll(/data-playlist-id="([^"]+)"/g)].map((m) => m[1]);

describe.runIf(redisAvailable)('examples/web-app: two instances behind one Redis', () => {
  it('connects a user across instances, keeps a second user apart, and disconnect revokes', async () => {
    const [one, two] = instances.map((i) => i.origin) as [string, string];
    const alice = newBrowser();
    const callback = await connectUntilCallback(alice, one);
    expect(callback.pathname).toBe('/callback');
    const playlists = await page(alice, routedTo(callback, two));
    expect(playlists.url).toBe(`${two}/playlists`);
    expect(playlists.text).toContain('Served by instance instance-2');
    // The emulated channel's playlists (7 of them), listed by the typed client through her key.
    expect(playlistIds(playlists)).toContain('PLfakeMyPlaylist0001');
    expect(playlistIds(playlists)).toHaveLength(7);
    // The other instance serves her too: her credentials are in Redis, under her key.
    expect(playlistIds(await page(alice, `${one}/playlists`))).toEqual(playlistIds(playlists));
    expect(await storage.keys()).toHaveLength(1);

    // A second user sees nothing of the first, then connects the other way round.
    const bob = newBrowser();
    const bobStart = await page(bob, `${two}/playlists`);
    expect(bobStart.text).toContain('data-page="connect"');
    expect(playlistIds(bobStart)).toEqual([]);
    const bobPlaylists = await page(bob, routedTo(await connectUntilCallback(bob, two), one));
    expect(bobPlaylists.text).toContain('Served by instance instance-1');
    expect(playlistIds(bobPlaylists)).toContain('PLfakeMyPlaylist0001');
    expect(await storage.keys()).toHaveLength(2);
    const before = new Map(await Promise.all((await storage.keys()).map(async (key) => [key, await storage.read(key)] as const)));

    // Alice disconnects on instance 1: one revocation at Google, her record gone from Redis ...
    const revocations = google.stats().revocation.ok;
    const disconnected = await submit(alice, await page(alice, `${one}/playlists`), '/disconnect');
    expect(disconnected.kind === 'page' && disconnected.page.text).toContain('data-page="connect"');
    expect(google.stats().revocation.ok).toBe(revocations + 1);
    const left = await storage.keys();
    expect(left).toHaveLength(1);
    expect(await storage.read(left[0]!)).toEqual(before.get(left[0]!));
    // ... and instance 2, which still held her token in memory, finds it dead and asks her to connect.
    const afterwards = await page(alice, `${two}/playlists`);
    expect(afterwards.text).toContain('data-page="connect"');
    expect(playlistIds(afterwards)).toEqual([]);
    // Bob is untouched, on both instances.
    expect(playlistIds(await page(bob, `${one}/playlists`))).toContain('PLfakeMyPlaylist0001');
    expect(playlistIds(await page(bob, `${two}/playlists`))).toContain('PLfakeMyPlaylist0001');
  }, 20_000);

  it('refuses a callback this browser did not start (CSRF), which stays usable by the browser that did', async () => {
    const [one, two] = instances.map((i) => i.origin) as [string, string];
    const victim = newBrowser();
    await page(victim, `${one}/connect`);
    const attacker = newBrowser();
    const attackersCallback = await connectUntilCallback(attacker, one);
    const refused = await page(victim, routedTo(attackersCallback, two));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('did not start in this browser');
    expect(refused.text).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
    expect(playlistIds(await page(victim, `${two}/playlists`))).toEqual([]);
    // The attacker's own browser finishes it: the state was not spent by the refused attempt.
    expect(playlistIds(await page(attacker, routedTo(attackersCallback, two)))).toContain('PLfakeMyPlaylist0001');

    // A form posted without the page's CSRF token is refused; so is a replayed callback.
    const forged = await victim.open(`${two}/disconnect`, { csrf: 'forged' });
    expect(forged.kind === 'page' && forged.page.status).toBe(403);
    const replay = await page(attacker, routedTo(attackersCallback, one));
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('data-page="error"');
  }, 20_000);

  it('refuses to start without its settings, naming the one missing', async () => {
    const script = runScript(APP, { env: { SESSION_SECRET: '', GOOGLE_CLIENT_ID: 'x' } });
    expect(await script.exit).toBe(1);
    expect(script.stderr()).toContain('SESSION_SECRET is not set');
    expect(script.stderr()).not.toMatch(/\n\s+at /);
  });
});

/**
 * The loopback login in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven
 * by playwright-core, which downloads nothing) opens the URL `oauthflow login` prints, passes the
 * local server's consent step, lands on oauthflow's loopback page, and the CLI exits 0 with the
 * credentials stored. A screenshot of that page goes to .tmp/test-output/.
 *
 * Without /usr/bin/chromium the test is skipped loudly (a failure under CI=true; `.ci/run`
 * installs it: apt-get install -y chromium).
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLiteStorage } from '@oauthflow/storage-sqlite';
import { startAuthorizationServer, type AuthorizationServer } from '@oauthflow/testing';
import { AUTHORIZATION_URL, assertCliBuilt, removeTempHomes, startCli, tempHome } from './helpers/cli.js';
import { ROOT } from './helpers/run-script.js';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT_DIR = join(ROOT, '.tmp/test-output');
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env['CI'] === 'true') throw new Error(`${CHROMIUM} is missing and CI=true requires it: apt-get install -y chromium`);
  console.warn(
    `\n!!!!! SKIPPING the real-browser login test: no ${CHROMIUM}. Install it with: apt-get install -y chromium. Under CI=true this is a failure.\n`,
  );
}

let server: AuthorizationServer;
let browser: BrowserContext | undefined;
let profile: string | undefined;

beforeAll(async () => {
  assertCliBuilt();
  server = await startAuthorizationServer();
});
afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await Promise.all([server?.close(), removeTempHomes()]);
});

describe.runIf(available)('oauthflow login in a real browser', { timeout: 120_000 }, () => {
  it('Chromium follows the printed URL through consent to the loopback page; the CLI stores the credentials', async () => {
    const home = await tempHome();
    const storePath = join(home.dir, 'tokens.db');
    const env = { ...home.env, OAUTHFLOW_STORE: `sqlite:${storePath}` };
    const login = startCli(
      ['login', '--no-browser', '--provider', server.issuer, '--client-id', 'public-client', '--scope', 'openid offline_access api:read'],
      env,
    );
    const [url] = await login.waitForStderr(AUTHORIZATION_URL, 30_000);

    profile = await mkdtemp(join(tmpdir(), 'oauthflow-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage();
    const visited: string[] = [];
    // Every URL the browser requested, redirects included.
    page.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(request.url());
    });
    const response = await page.goto(url!, { waitUntil: 'load', timeout: 60_000 });

    // Through the server's consent step, then to the CLI's loopback receiver.
    expect(
      visited.some((visitedUrl) => visitedUrl.startsWith(`${server.issuer}/interaction/`)),
      visited.join('\n'),
    ).toBe(true);
    const landed = new URL(page.url());
    expect(landed.hostname).toBe('127.0.0.1');
    expect(landed.port).not.toBe(new URL(server.issuer).port);
    expect(response?.status()).toBe(200);
    expect(await page.title()).not.toBe('');
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/signed in/i);
    expect(body.trimStart().startsWith('{')).toBe(false);
    await mkdir(OUTPUT_DIR, { recursive: true });
    const screenshot = join(OUTPUT_DIR, 'cli-browser-login-success.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(1000);

    const done = await login.done;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Logged in: key "default" in sqlite:.*refreshable\)\n$/);
    const storage = new SQLiteStorage({ path: storePath });
    try {
      expect((await storage.get('default'))?.refreshToken).toBeTruthy();
    } finally {
      await storage.close?.();
    }
  });
});

// Runs the README's quick start as a user would paste it, with the installed packages: the Google
// endpoints point at @oauthflow/testing's authorization server and a stand-in YouTube API (which
// checks the bearer with that server); this script plays the user's browser.
// Usage: node quickstart.mjs <README.md>
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { startAuthorizationServer } from '@oauthflow/testing';

const readme = readFileSync(process.argv[2], 'utf8');
const section = readme.slice(readme.indexOf('\n## Quick start'));
const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
assert.ok(code, 'README.md has a "## Quick start" section with a ```ts block');

const server = await startAuthorizationServer({ accessTokenTtl: 60 });
const youtube = createServer(async (request, response) => {
  const authorization = request.headers.authorization ?? '';
  const check = await fetch(server.endpoints.api, { headers: { authorization } });
  const url = new URL(request.url ?? '/', 'http://x');
  if (check.status !== 200) return response.writeHead(401).end('{"error":{"code":401}}');
  if (url.pathname !== '/youtube/v3/channels' || url.searchParams.get('mine') !== 'true') return response.writeHead(400).end('{}');
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[{"id":"UC-test","snippet":{"title":"Test channel"}}]}');
});
await new Promise((resolve) => youtube.listen(0, '127.0.0.1', resolve));
const youtubeBase = `http://127.0.0.1:${youtube.address().port}/youtube/v3`;

const substitutions = [
  ['https://www.googleapis.com/youtube/v3', youtubeBase],
  ['XXXXXXXXXXXXX.apps.googleusercontent.com', server.clients.confidential.client_id],
  ['XXXXXXXXXXXXXXXXXXX', server.clients.confidential.client_secret],
  ['https://accounts.google.com/o/oauth2/v2/auth', server.endpoints.authorization],
  ['https://oauth2.googleapis.com/token', server.endpoints.token],
  ['https://oauth2.googleapis.com/revoke', server.endpoints.revocation],
  ["'https://www.googleapis.com/auth/youtube.readonly'", "'openid', 'offline_access', 'api:read'"],
];
let script = code;
for (const [from, to] of substitutions) {
  assert.ok(script.includes(from), `the quick start mentions ${from}`);
  script = script.replaceAll(from, to);
}
writeFileSync('quickstart.ts', `${script}\nconsole.log(JSON.stringify(channels));\n`);

try {
  execFileSync(
    process.execPath,
    [
      'node_modules/typescript/bin/tsc',
      'quickstart.ts',
      '--module',
      'nodenext',
      '--target',
      'es2022',
      '--strict',
      '--types',
      'node',
      '--outDir',
      'quickstart-out',
    ],
    { stdio: 'inherit' },
  );
  const child = spawn(process.execPath, ['quickstart-out/quickstart.js'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let authorized = false;
  const onData = async (chunk) => {
    output += chunk;
    const url = /http:\/\/127\.0\.0\.1:\d+\/\S*authorize\?\S+/.exec(output)?.[0];
    if (url && !authorized) {
      authorized = true;
      const page = await fetch(await server.authorize(url)); // the browser follows the redirect
      assert.equal(page.status, 200);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exitCode = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(exitCode, 0, `the quick start exits 0; its output:\n${output}`);
  assert.ok(authorized, 'the quick start asked the user to authorize');
  assert.match(output, /Test channel/);
  console.log('ok: the README quick start authorizes through the loopback redirect and calls the API');
} finally {
  youtube.closeAllConnections();
  youtube.close();
  await server.close();
}

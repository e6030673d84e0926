#!/usr/bin/env node
// The `oauthflow` command. All the code lives in ../dist (built by `tsc -b`).
import { readFileSync, statSync } from 'node:fs';
import module from 'node:module';

// Node 22+ caches compiled code between runs: a faster start for a command run from scripts.
module.enableCompileCache?.();
const argv = process.argv.slice(2);

let code;
if (argv[0] === 'token') {
  // Scripts run this before every request: a fresh stored token is printed by a small path that
  // loads no commander, axios or simple-oauth2 (one bundled file when it is up to date).
  const { fastToken } = await import(bundleIsFresh() ? '../dist/token-fast.bundle.mjs' : '../dist/token-fast.js');
  code = await fastToken(argv.slice(1));
}
if (code === undefined) {
  const { run } = await import('../dist/index.js');
  code = await run(argv);
}
// Exit once both streams are flushed: an open handle (a store's connection, a keep-alive
// socket) must not keep a script waiting after the command is done.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

/** True when scripts/bundle-token.mjs built the bundle from exactly the files now in place. */
function bundleIsFresh() {
  try {
    const base = new URL('../', import.meta.url);
    const { inputs } = JSON.parse(readFileSync(new URL('dist/token-fast.bundle.json', base), 'utf8'));
    return Object.entries(inputs).every(([file, mtimeMs]) => statSync(new URL(file, base)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

#!/usr/bin/env node
// The `oauthflow` command. All the code lives in ../dist (built by `tsc -b`). This file is
// CommonJS (see package.json here): `oauthflow token` from the bundle then never starts Node's
// ES module loader, which is a good part of a short command's start-up.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

// Node 22+ caches compiled code between runs: a faster start for a command run from scripts.
require('node:module').enableCompileCache?.();

void main().then((code) => {
  // Exit once both streams are flushed: an open handle (a store's connection, a keep-alive
  // socket) must not keep a script waiting after the command is done.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === 'token') {
    // Scripts run this before every request: a fresh stored token is printed by a small path that
    // loads no commander, axios or simple-oauth2 (one bundled file when it is up to date).
    const { fastToken } = bundleIsFresh() ? require('../dist/token-fast.bundle.cjs') : await import('../dist/token-fast.js');
    const code = await fastToken(argv.slice(1));
    if (code !== undefined) return code;
  }
  const { run } = await import('../dist/index.js');
  return run(argv);
}

/** True when scripts/bundle-token.mjs built the bundle from exactly the files now in place. */
function bundleIsFresh() {
  try {
    const cli = join(__dirname, '..');
    const { inputs } = JSON.parse(readFileSync(join(cli, 'dist/token-fast.bundle.json'), 'utf8'));
    return Object.entries(inputs).every(([file, mtimeMs]) => statSync(join(cli, file)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

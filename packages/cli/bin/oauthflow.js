#!/usr/bin/env node
// The `oauthflow` command. All the code lives in ../dist (built by `tsc -b`).
import module from 'node:module';

// Node 22+ caches compiled code between runs: a faster start for a command run from scripts.
module.enableCompileCache?.();
const { run } = await import('../dist/index.js');

const code = await run(process.argv.slice(2));
// Exit once both streams are flushed: an open handle (a store's connection, a keep-alive
// socket) must not keep a script waiting after the command is done.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

// Bundles `oauthflow token`'s fast path (dist/token-fast.js with @oauthflow/core, the SQLite
// adapter, keyv and env-paths) into one CommonJS file: Node 20 spends most of a short command's
// start resolving and compiling some sixty small modules and starting its ES module loader; one
// CommonJS file saves most of that.
// The bin uses the bundle only while every file it was built from is unchanged (see the
// .json next to it), so a `tsc -b` without this step never runs stale code.
//
//   node packages/cli/scripts/bundle-token.mjs
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(cli, 'dist/token-fast.bundle.cjs');
const result = await build({
  entryPoints: [join(cli, 'dist/token-fast.js')],
  outfile,
  bundle: true,
  platform: 'node',
  // CommonJS, loaded by the CommonJS bin: a process that never starts the ES module loader starts faster.
  format: 'cjs',
  target: 'node20',
  metafile: true,
  write: false,
  logLevel: 'warning',
  // Native code stays a package; axios and simple-oauth2 are never on this path; the server stores load only when named.
  external: ['sqlite3', 'axios', 'simple-oauth2', '@oauthflow/storage-redis', '@oauthflow/storage-postgres'],
  // The ES modules inside read import.meta.url (to resolve files next to them).
  define: { 'import.meta.url': '__oauthflowModuleUrl' },
  banner: { js: "const __oauthflowModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// Replaced atomically: a command starting meanwhile reads the old bundle or the new one, whole.
const written = `${outfile}.${process.pid}.tmp`;
writeFileSync(written, result.outputFiles[0].contents);
renameSync(written, outfile);
// Every input with its modification time: the bin compares them before trusting the bundle.
const inputs = Object.fromEntries(
  Object.keys(result.metafile.inputs)
    .map((input) => resolve(process.cwd(), input))
    .map((file) => [relative(cli, file), statSync(file).mtimeMs]),
);
const stamp = `${outfile.replace(/\.cjs$/, '')}.json`;
writeFileSync(`${stamp}.${process.pid}.tmp`, `${JSON.stringify({ inputs }, null, 1)}\n`);
renameSync(`${stamp}.${process.pid}.tmp`, stamp);
console.log(`${relative(process.cwd(), outfile)}: ${Object.keys(inputs).length} modules in one file`);

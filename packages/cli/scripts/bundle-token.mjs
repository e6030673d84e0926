// Bundles `oauthflow token`'s fast path (dist/token-fast.js with @oauthflow/core, the SQLite
// adapter, keyv and env-paths) into one file: Node 20 spends most of a short command's start
// resolving and compiling some fifty small ES modules, and one file saves most of that.
// The bin uses the bundle only while every file it was built from is unchanged (see the
// .json next to it), so a `tsc -b` without this step never runs stale code.
//
//   node packages/cli/scripts/bundle-token.mjs
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(cli, 'dist/token-fast.bundle.mjs');
const result = await build({
  entryPoints: [join(cli, 'dist/token-fast.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  metafile: true,
  write: false,
  logLevel: 'warning',
  // Native code stays a package; axios and simple-oauth2 are never on this path; the server stores load only when named.
  external: ['sqlite3', 'axios', 'simple-oauth2', '@oauthflow/storage-redis', '@oauthflow/storage-postgres'],
  // The bundled CommonJS packages (proper-lockfile, write-file-atomic) call require.
  banner: { js: "import { createRequire as __oauthflowCreateRequire } from 'node:module'; const require = __oauthflowCreateRequire(import.meta.url);" },
});
// Replaced atomically: a command starting meanwhile reads the old bundle or the new one, whole.
const written = `${outfile}.${process.pid}.tmp`;
writeFileSync(written, result.outputFiles[0].contents);
renameSync(written, outfile);
// Every input with its modification time: the bin compares them before trusting the bundle.
const inputs = Object.fromEntries(Object.keys(result.metafile.inputs)
  .map((input) => resolve(process.cwd(), input))
  .map((file) => [relative(cli, file), statSync(file).mtimeMs]));
const stamp = `${outfile.replace(/\.mjs$/, '')}.json`;
writeFileSync(`${stamp}.${process.pid}.tmp`, `${JSON.stringify({ inputs }, null, 1)}\n`);
renameSync(`${stamp}.${process.pid}.tmp`, stamp);
console.log(`${relative(process.cwd(), outfile)}: ${Object.keys(inputs).length} modules in one file`);

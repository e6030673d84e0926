#!/usr/bin/env node
// The packages as a user gets them: packs every workspace package (prepack builds it from a clean
// dist), checks the tarballs with publint and @arethetypeswrong/cli (esm-only profile), installs
// them with plain npm in a temporary directory outside the workspace next to the oldest supported
// axios and keyv, then imports, requires, type-checks, runs the CLI, the README quick start and
// real requests (scripts/consumer/*). Exits non-zero on the first failure.
//
//   node scripts/consumer-test.mjs [--keep-dist] [--keep] [--node /path/to/node ...]
//
// --keep-dist packs the current builds; --keep leaves the temporary directory for a look.
// --node adds Node binaries for the import()/require() checks (CI passes Node 22 and 24).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'scripts/consumer');
const PNPM = ['--yes', 'pnpm@10.34.8'];
const args = process.argv.slice(2);
const nodes = [process.execPath, ...args.flatMap((arg, i) => (arg === '--node' ? [args[i + 1]] : []))];

/** One export per package that must be a function, for the import()/require() checks. */
const ENTRY_POINTS = {
  '@oauthflow/core': 'OAuth2AuthorizationFlow',
  '@oauthflow/storage-sqlite': 'SQLiteStorage',
  '@oauthflow/storage-redis': 'RedisStorage',
  '@oauthflow/storage-postgres': 'PostgresStorage',
  '@oauthflow/storage-test-suite': 'storageTestSuite',
  '@oauthflow/testing': 'startAuthorizationServer',
  '@oauthflow/youtube': 'YouTubeAPIRequest',
  '@oauthflow/cli': 'run',
};
const OLDEST = { axios: '1.7.9', keyv: '5.4.0' };

const started = Date.now();
const run = (command, commandArgs, options = {}) => execFileSync(command, commandArgs, { stdio: 'inherit', ...options });
function step(name, fn) {
  const t0 = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  fn();
  process.stdout.write(`== ${name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
}

const work = mkdtempSync(join(tmpdir(), 'oauthflow-consumer-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(app);
let failed = false;
try {
  step('pack every package (prepack builds it)', () => {
    if (!args.includes('--keep-dist')) {
      for (const name of readdirSync(join(ROOT, 'packages'))) {
        rmSync(join(ROOT, 'packages', name, 'dist'), { recursive: true, force: true });
        rmSync(join(ROOT, 'packages', name, 'tsconfig.tsbuildinfo'), { force: true }); // where older builds kept it
      }
    }
    run('npx', [...PNPM, '-r', '--filter', './packages/*', '--workspace-concurrency=1', 'pack', '--pack-destination', tarballs], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  });
  const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
  if (files.length !== Object.keys(ENTRY_POINTS).length) throw new Error(`expected ${Object.keys(ENTRY_POINTS).length} tarballs, got ${files.join(', ')}`);

  step('publint (warnings fail) and attw --profile esm-only, every tarball', () => {
    for (const file of files) {
      run(join(ROOT, 'node_modules/.bin/publint'), ['run', join(tarballs, file), '--level', 'warning', '--strict']);
      run(join(ROOT, 'node_modules/.bin/attw'), [join(tarballs, file), '--profile', 'esm-only', '--format', 'table-flipped']);
    }
  });

  step(`npm install the tarballs with axios ${OLDEST.axios} and keyv ${OLDEST.keyv}, outside the workspace`, () => {
    const dependencies = Object.fromEntries(files.map((file) => [nameOf(file), `file:../tarballs/${file}`]));
    writeFileSync(
      join(app, 'package.json'),
      `${JSON.stringify(
        {
          name: 'consumer',
          private: true,
          type: 'module',
          dependencies: {
            ...dependencies,
            axios: OLDEST.axios,
            'axios-latest': 'npm:axios@^1',
            keyv: OLDEST.keyv,
            typescript: readJson(join(ROOT, 'package.json')).devDependencies.typescript,
            '@types/node': '^20.19.0',
          },
        },
        null,
        2,
      )}\n`,
      { flag: 'w' },
    );
    // Without install scripts: sqlite3 would otherwise compile its addon for minutes (its prebuilt
    // binaries are not on the npm registry). The workspace's build of the same version is reused.
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
    checkUnbuiltSqliteMessage();
    provideSqliteBinding();
    for (const file of readdirSync(FIXTURES)) copyFileSync(join(FIXTURES, file), join(app, file));
  });

  step('import() and require() of every package, on each Node', () => {
    for (const node of nodes) {
      run(node, ['smoke-esm.mjs', JSON.stringify(ENTRY_POINTS)], { cwd: app });
      run(node, ['smoke-cjs.cjs', JSON.stringify(ENTRY_POINTS)], { cwd: app });
    }
  });

  step("tsc --noEmit with nodenext and bundler resolution (the app's axios and keyv accepted)", () => {
    for (const config of ['tsconfig.nodenext.json', 'tsconfig.bundler.json']) {
      run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config], { cwd: app });
    }
  });

  step('oauthflow --help', () => {
    const help = execFileSync(join(app, 'node_modules/.bin/oauthflow'), ['--help'], { cwd: app, encoding: 'utf8' });
    if (!/login/.test(help)) throw new Error(`oauthflow --help does not list login:\n${help}`);
  });

  step('real requests: bearer header, APIRequestError, 401 refresh, KeyvStorage', () => {
    run(process.execPath, ['runtime.mjs'], { cwd: app });
  });

  step('the README quick start against @oauthflow/testing', () => {
    run(process.execPath, ['quickstart.mjs', join(ROOT, 'README.md')], { cwd: app });
  });
} catch (error) {
  failed = true;
  console.error(`\nconsumer test FAILED: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (args.includes('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
console.log(`\nconsumer test ${failed ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** oauthflow-storage-sqlite-0.1.0.tgz → @oauthflow/storage-sqlite */
function nameOf(file) {
  const name = Object.keys(ENTRY_POINTS).find((candidate) => file.startsWith(`${candidate.slice(1).replace('/', '-')}-`));
  if (name === undefined) throw new Error(`unknown tarball ${file}`);
  return name;
}

/**
 * sqlite3 is not built yet, as with pnpm 10 when the build was not allowed: the CLI must say how to
 * build it (not crash, not ask to reinstall the adapter).
 */
function checkUnbuiltSqliteMessage() {
  writeFileSync(join(app, 'unbuilt.db'), '');
  const result = spawnSync(join(app, 'node_modules/.bin/oauthflow'), ['status', '--store', 'sqlite:./unbuilt.db'], { cwd: app, encoding: 'utf8' });
  rmSync(join(app, 'unbuilt.db'));
  if (result.status !== 1 || !result.stderr.includes('was never built. Build it: npm rebuild sqlite3')) {
    throw new Error(`oauthflow with an unbuilt sqlite3 should exit 1 naming the rebuild; got ${result.status}:\n${result.stderr}`);
  }
}

/** Copies the workspace's compiled sqlite3 addon when the versions match; else builds it. */
function provideSqliteBinding() {
  const installed = join(app, 'node_modules/sqlite3');
  if (!existsSync(installed)) return;
  const version = readJson(join(installed, 'package.json')).version;
  const built = join(ROOT, `node_modules/.pnpm/sqlite3@${version}/node_modules/sqlite3/build/Release/node_sqlite3.node`);
  if (existsSync(built)) {
    run('mkdir', ['-p', join(installed, 'build/Release')]);
    copyFileSync(built, join(installed, 'build/Release/node_sqlite3.node'));
  } else {
    run('npm', ['rebuild', 'sqlite3'], { cwd: app });
  }
}

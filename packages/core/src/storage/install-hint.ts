import { fileURLToPath } from 'node:url';

/**
 * The command that installs `packageName` where this copy of @oauthflow/core can import it.
 * Inside a global install (`npm install -g @oauthflow/cli` puts packages in
 * `<prefix>/lib/node_modules`, pnpm in `…/pnpm/global/…`) a project-local `npm install` would not
 * help: the adapter has to be installed globally too.
 */
export function installCommand(packageName: string, modulePath: string = fileURLToPath(import.meta.url)): string {
  const path = modulePath.replaceAll('\\', '/');
  if (/\/pnpm\/global\//.test(path)) return `pnpm add --global ${packageName}`;
  const root = path.slice(0, path.indexOf('/node_modules/'));
  if (path.includes('/node_modules/') && /\/lib$/.test(root)) return `npm install --global ${packageName}`;
  return `npm install ${packageName}`;
}

/**
 * A native addon that did not load: never built (pnpm 10 runs no install scripts unless allowed),
 * or built for another Node version. Reinstalling the adapter fixes neither; rebuilding does.
 */
export function nativeAddonProblem(message: string): { addon: string; problem: string } | undefined {
  const addon = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/\S*\.node\b/.exec(message)?.[1] ?? 'the native addon';
  if (/Could not locate the bindings file/i.test(message)) return { addon, problem: `its native addon (${addon}) was never built` };
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/i.test(message)) {
    return { addon, problem: `its native addon (${addon}) was built for another Node.js version than this one (${process.version})` };
  }
  if (/ERR_DLOPEN_FAILED|invalid ELF header|wrong ELF class/i.test(message))
    return { addon, problem: `its native addon (${addon}) cannot be loaded on this machine` };
  return undefined;
}

/** How to build a native addon in place, with npm and with pnpm 10+ (which skips builds it was not told to allow). */
export function rebuildCommand(addon: string): string {
  return `npm rebuild ${addon}; with pnpm 10+, allow the build (pnpm approve-builds, or "pnpm": { "onlyBuiltDependencies": ["${addon}"] } in package.json), then pnpm rebuild ${addon}`;
}

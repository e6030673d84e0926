import type { Command } from 'commander';
import { examples, storeOptions, type StoreFlags } from './options.js';

/** Flags of `oauthflow status`. */
export interface StatusFlags extends StoreFlags {
  showToken?: boolean;
}

/** `oauthflow status`: what the store holds. */
export function registerStatus(program: Command): void {
  const command = program.command('status')
    .description('list the stored logins: key, expiry, scopes, provider and store (tokens hidden)')
    .option('--show-token', 'also print each access token');
  storeOptions(command)
    .addHelpText('after', examples([
      'oauthflow status',
      'oauthflow status --key ci --json',
      'oauthflow status --store redis://127.0.0.1:6379',
    ]))
    .action(async (flags: StatusFlags) => {
      const { status } = await import('../actions/status.js');
      await status(flags);
    });
}

import type { Command } from 'commander';
import { examples, storeOptions, type StoreFlags } from './options.js';

/** Flags of `oauthflow status`. */
export interface StatusFlags extends StoreFlags {
  showToken?: boolean;
  check?: boolean;
}

/** `oauthflow status`: what the store holds. */
export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .description('list the stored logins: key, expiry, scopes, provider and store (tokens hidden)')
    .option('--show-token', 'also print each access token')
    .option(
      '--check',
      'ask the server whether each grant is alive (introspection, userinfo or Google tokeninfo; never a refresh) and show identity, granted scopes and refresh-token expiry; exit 3 if one is not',
    );
  storeOptions(command)
    .addHelpText(
      'after',
      examples([
        'oauthflow status',
        'oauthflow status --key ci --json',
        'oauthflow status --check --key work',
        'oauthflow status --store redis://127.0.0.1:6379',
      ]),
    )
    .action(async (flags: StatusFlags) => {
      const { status } = await import('../actions/status.js');
      await status(flags);
    });
}

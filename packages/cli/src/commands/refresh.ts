import type { Command } from 'commander';
import { clientOptions, examples, storeOptions } from './options.js';
import type { KeyFlags } from './token.js';

/** `oauthflow refresh`: refresh now, whatever the expiry says. */
export function registerRefresh(program: Command): void {
  const command = program.command('refresh').description('refresh the access token now and store the new one');
  clientOptions(command, { full: false });
  storeOptions(command)
    .addHelpText('after', examples(['oauthflow refresh', 'oauthflow refresh --key work --json']))
    .action(async (flags: KeyFlags) => {
      const { refresh } = await import('../actions/refresh.js');
      await refresh(flags);
    });
}

import type { Command } from 'commander';
import { examples, storeOptions, type StoreFlags } from './options.js';

/** `oauthflow logout`: forget a login locally. */
export function registerLogout(program: Command): void {
  const command = program.command('logout').description('remove the tokens and the saved client settings of a key, without contacting the server (see revoke)');
  storeOptions(command)
    .addHelpText('after', examples(['oauthflow logout', 'oauthflow logout --key work --store redis://127.0.0.1:6379']))
    .action(async (flags: StoreFlags) => {
      const { logout } = await import('../actions/logout.js');
      await logout(flags);
    });
}
